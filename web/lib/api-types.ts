// Types of API inputs and outputs, inferred from the server's AppRouter type (no runtime import of the server).
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/api/router.ts';

type RouterInputs = inferRouterInputs<AppRouter>;
type RouterOutputs = inferRouterOutputs<AppRouter>;

export type SearchInput = Extract<RouterInputs['spans']['search'], object>;
export type SpanRow = RouterOutputs['spans']['search']['spans'][number];
export type TraceSpan = RouterOutputs['traces']['get']['spans'][number];
export type Score = RouterOutputs['scores']['listForTrace'][number];
export type Timeseries = RouterOutputs['metrics']['timeseries'];
