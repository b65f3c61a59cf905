// The typed tRPC client: imports only the AppRouter type from the server, sends the session's credentials.
import { type TRPCClientErrorLike, createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/api/router.ts';
import { sessionHeaders } from './session.ts';

export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc', headers: () => sessionHeaders(), maxURLLength: 4000 })],
});

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ApiError = TRPCClientErrorLike<AppRouter>;

export type SearchInput = Exclude<RouterInputs['spans']['search'], void | undefined>;
export type SpanRow = RouterOutputs['spans']['search']['spans'][number];
export type TraceSpan = RouterOutputs['traces']['get']['spans'][number];
export type FullSpan = RouterOutputs['spans']['get'];
export type Score = RouterOutputs['scores']['listForTrace'][number];
export type Timeseries = RouterOutputs['metrics']['timeseries'];
