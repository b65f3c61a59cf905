// Routes: sign-in until there is a session, then the explorer, trace view, dashboard and evaluations inside the layout.
import { type ComponentType, useEffect, useState } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { Layout } from './components/layout.tsx';
import { SignInPage } from './features/auth/components/sign-in-page.tsx';
import { EvalsPage } from './features/evals/components/evals-page.tsx';
import { ExplorerPage } from './features/explorer/components/explorer-page.tsx';
import { TracePage } from './features/traces/components/trace-page.tsx';
import { useSession } from './lib/session.ts';

/**
 * ECharts is most of the bundle: the dashboard loads on first visit. Not React.lazy: React 19 holds a
 * revealed Suspense boundary back ~300 ms, which was a third of the dashboard's load time.
 */
let dashboardPage: ComponentType | null = null;

function DashboardRoute() {
  const [Page, setPage] = useState(() => dashboardPage);
  useEffect(() => {
    if (Page) return;
    import('./features/dashboard/components/dashboard-page.tsx').then((module) => {
      dashboardPage = module.DashboardPage;
      setPage(() => module.DashboardPage);
    });
  }, [Page]);
  return Page ? <Page /> : <p className="muted">Loading dashboard…</p>;
}

export function App() {
  const session = useSession();
  if (!session) return <SignInPage />;
  return (
    <Layout session={session}>
      <Switch>
        <Route path="/spans" component={ExplorerPage} />
        <Route path="/traces/:traceId">{(params) => <TracePage traceId={params.traceId} />}</Route>
        <Route path="/dashboard" component={DashboardRoute} />
        <Route path="/evals" component={EvalsPage} />
        <Route>
          <Redirect to="/spans" />
        </Route>
      </Switch>
    </Layout>
  );
}
