// The typed tRPC client: imports only the AppRouter type from the server, sends the session's credentials.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/api/router.ts';
import { sessionHeaders } from './session.ts';

/** One request per call, not batched: a slow query (a 7-day dashboard) must not hold back a fast one (the span table). */
export const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: '/trpc', headers: () => sessionHeaders() })],
});

