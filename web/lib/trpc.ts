// The typed tRPC client: imports only the AppRouter type from the server, sends the session's credentials.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../server/api/router.ts';
import { sessionHeaders } from './session.ts';

export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc', headers: () => sessionHeaders(), maxURLLength: 4000 })],
});

