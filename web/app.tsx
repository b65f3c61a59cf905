// Routes: sign-in until there is a session, then the explorer, trace view and dashboard inside the layout.
import { Suspense, lazy } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { Layout } from './components/layout.tsx';
import { SignInPage } from './features/auth/components/sign-in-page.tsx';
import { ExplorerPage } from './features/explorer/components/explorer-page.tsx';
import { TracePage } from './features/traces/components/trace-page.tsx';
import { useSession } from './lib/session.ts';

/** ECharts is most of the bundle: load it only when the dashboard is opened. */
const DashboardPage = lazy(() =>
  import('./features/dashboard/components/dashboard-page.tsx').then((module) => ({ default: module.DashboardPage })),
);

export function App() {
  const session = useSession();
  if (!session) return <SignInPage />;
  return (
    <Layout session={session}>
      <Switch>
        <Route path="/spans" component={ExplorerPage} />
        <Route path="/traces/:traceId">{(params) => <TracePage traceId={params.traceId} />}</Route>
        <Route path="/dashboard">
          <Suspense fallback={<p className="muted">Loading dashboard…</p>}>
            <DashboardPage />
          </Suspense>
        </Route>
        <Route>
          <Redirect to="/spans" />
        </Route>
      </Switch>
    </Layout>
  );
}
