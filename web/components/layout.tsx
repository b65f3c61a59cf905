// The frame around every signed-in page: navigation, project switcher, sign-out.
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { ProjectSwitcher } from '../features/auth/components/project-switcher.tsx';
import { type Session, setSession } from '../lib/session.ts';

const navigation = [
  { href: '/spans', label: 'Spans' },
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/evals', label: 'Evaluations' },
];

export function Layout({ session, children }: { session: Session; children: ReactNode }) {
  const [location] = useLocation();
  const queryClient = useQueryClient();
  return (
    <div className="layout">
      <header className="top-bar">
        <Link href="/spans" className="brand">
          Loupe
        </Link>
        <nav>
          {navigation.map((item) => (
            <Link key={item.href} href={item.href} className={location.startsWith(item.href) ? 'nav-link active' : 'nav-link'}>
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="top-bar-end">
          <ProjectSwitcher session={session} />
          <button
            type="button"
            className="button subtle"
            onClick={() => {
              setSession(null);
              queryClient.clear();
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main className="page">{children}</main>
    </div>
  );
}
