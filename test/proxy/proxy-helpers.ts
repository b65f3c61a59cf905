// Shared set-up for proxy tests: a Loupe server, a mock upstream, routing through tRPC, and reading proxy spans.
import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { spans } from '../../server/store/schema/spans.ts';
import { dataOf } from '../helpers/app.ts';
import type { MockOpenAi } from '../helpers/mock-openai.ts';
import type { TestServer } from '../helpers/server.ts';

/** Sets a project's routing through proxy.config.set; fails the test when refused. */
export async function setRouting(server: TestServer, apiKey: string, config: unknown): Promise<void> {
  dataOf(await server.call({ path: 'proxy.config.set', type: 'mutation', input: config, token: apiKey }));
}

/** A single OpenAI-compatible target at the mock, holding the provider key. */
export function mockTarget(mock: MockOpenAi, extra: Record<string, unknown> = {}) {
  return { name: 'mock', baseUrl: mock.baseUrl, apiKey: 'sk-upstream', ...extra };
}

/** The official client pointed at the proxy, authenticated with the Loupe key. */
export function proxyClient(server: TestServer, apiKey: string, options: { maxRetries?: number } = {}): OpenAI {
  return new OpenAI({ baseURL: `${server.baseUrl}/proxy/v1`, apiKey, maxRetries: options.maxRetries ?? 0 });
}

/** Every proxy span of a project after the call log is flushed, oldest first. */
export async function proxySpans(server: TestServer, projectId: string) {
  await server.proxy.callLog.flush();
  const rows = await server.store.db.select().from(spans).where(eq(spans.projectId, projectId));
  return rows.filter((row) => row.source === 'proxy').sort((left, right) => Number(left.startTimeUnixNano - right.startTimeUnixNano));
}
