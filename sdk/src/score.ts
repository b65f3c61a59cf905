// score(): attaches a client-side score (numeric, boolean or categorical) to a span or a trace in Loupe.
import { currentLoupe } from './init.ts';

export type ScoreTarget = { traceId: string; spanId?: string };
export type ScoreOptions = { comment?: string; endpoint?: string; apiKey?: string };

/**
 * Records a score on a span (traceId + spanId) or a whole trace (traceId only).
 * @example
 * await score({ traceId, spanId }, 'helpfulness', 0.9, { comment: 'thumbs up in the UI' });
 */
export async function score(target: ScoreTarget, name: string, value: number | boolean | string, options: ScoreOptions = {}) {
  const loupe = currentLoupe();
  const endpoint = options.endpoint ?? loupe?.endpoint ?? process.env.LOUPE_ENDPOINT ?? 'http://localhost:3000';
  const apiKey = options.apiKey ?? loupe?.apiKey ?? process.env.LOUPE_API_KEY ?? '';
  const response = await fetch(`${endpoint.replace(/\/+$/, '')}/trpc/scores.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ ...target, name, value, comment: options.comment }),
  });
  const body = (await response.json()) as { result?: { data: { id: string } }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`Loupe score failed (${response.status}): ${body.error?.message ?? 'no result'}`);
  return body.result.data;
}
