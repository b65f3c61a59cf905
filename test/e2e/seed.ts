// Realistic spans for UI tests: chat calls over the last hours, an agent trace with tools, errors, users, tags, scores.
import { buildSdkSpan, randomSpanId, randomTraceId } from '../helpers/spans.ts';
import type { TestApp } from '../helpers/app.ts';
import { dataOf } from '../helpers/app.ts';

const models = ['gpt-4o-mini', 'gpt-4o', 'claude-3-5-haiku-20241022'];
const users = ['ada', 'grace', 'linus'];

export type Seeded = { chatCount: number; agentTraceId: string; llmSpanId: string };

async function ingest(harness: TestApp, apiKey: string, spans: unknown[]): Promise<void> {
  for (let index = 0; index < spans.length; index += 1000) {
    const result = dataOf<{ accepted: number; rejected: unknown[] }>(
      await harness.call({ path: 'spans.ingest', type: 'mutation', token: apiKey, input: { spans: spans.slice(index, index + 1000) } }),
    );
    if (result.rejected.length > 0) throw new Error(`seed rejected: ${JSON.stringify(result.rejected[0])}`);
  }
}

/** `chatCount` single-span chat traces spread over the last 5 hours, plus one agent trace 2 minutes ago. */
export async function seedProject(harness: TestApp, apiKey: string, chatCount: number): Promise<Seeded> {
  const chats = Array.from({ length: chatCount }, (_, index) => {
    const model = models[index % models.length] as string;
    const failed = index % 17 === 0;
    return buildSdkSpan(
      {
        name: index % 5 === 0 ? 'summarize' : 'chat',
        model,
        provider: model.startsWith('claude') ? 'anthropic' : 'openai',
        status: failed ? 'error' : 'ok',
        statusMessage: failed ? 'RateLimitError: 429 Too Many Requests' : undefined,
        input: [{ role: 'user', content: `Question number ${index} about ${index % 2 === 0 ? 'penguins' : 'volcanoes'}` }],
        output: failed ? undefined : { role: 'assistant', content: `Answer ${index}` },
        inputTokens: 20 + (index % 50),
        outputTokens: 5 + (index % 30),
        userId: users[index % users.length],
        sessionId: `session-${index % 7}`,
        tags: index % 3 === 0 ? ['beta'] : [],
        ttftMs: 80 + (index % 40),
      },
      { minutesAgo: 3 + (index * 290) / chatCount, durationMs: 200 + ((index * 37) % 1800) },
    );
  });

  const traceId = randomTraceId();
  const rootId = randomSpanId();
  const llmSpanId = randomSpanId();
  const toolId = randomSpanId();
  const start = Date.now() - 2 * 60_000;
  const at = (offsetMs: number) => new Date(start + offsetMs).toISOString();
  const agent = [
    { traceId, spanId: rootId, name: 'support-agent', kind: 'agent', startTime: at(0), endTime: at(2400), userId: 'ada', input: 'Where is my order #1234?' },
    {
      traceId,
      spanId: llmSpanId,
      parentSpanId: rootId,
      name: 'plan',
      kind: 'llm',
      startTime: at(20),
      endTime: at(900),
      model: 'gpt-4o',
      provider: 'openai',
      input: [
        { role: 'system', content: 'You are a helpful support agent.' },
        { role: 'user', content: 'Where is my order #1234?' },
      ],
      output: { role: 'assistant', content: 'Let me look up order 1234 for you.' },
      inputTokens: 1200,
      outputTokens: 80,
      attributes: { 'llm.vendor.experimental': 'yes' },
    },
    { traceId, spanId: toolId, parentSpanId: rootId, name: 'lookup_order', kind: 'tool', startTime: at(950), endTime: at(1500), input: { orderId: 1234 }, output: { status: 'shipped' } },
    {
      traceId,
      spanId: randomSpanId(),
      parentSpanId: rootId,
      name: 'answer',
      kind: 'llm',
      startTime: at(1550),
      endTime: at(2380),
      model: 'gpt-4o-mini',
      provider: 'openai',
      input: [{ role: 'user', content: 'Order 1234 status: shipped. Tell the customer.' }],
      output: { role: 'assistant', content: 'Your order #1234 has shipped and is on its way!' },
      inputTokens: 300,
      outputTokens: 40,
    },
  ];
  await ingest(harness, apiKey, [...chats, ...agent]);
  for (const score of [
    { traceId, spanId: llmSpanId, name: 'helpfulness', value: 0.8, comment: 'Clear plan.' },
    { traceId, name: 'resolved', value: true },
  ]) {
    dataOf(await harness.call({ path: 'scores.create', type: 'mutation', token: apiKey, input: score }));
  }
  return { chatCount, agentTraceId: traceId, llmSpanId };
}

/** One trace of `count` spans: a root with nested groups of tool and llm spans. */
export function buildLargeTrace(count: number): { traceId: string; spans: unknown[] } {
  const traceId = randomTraceId();
  const start = Date.now() - 10 * 60_000;
  const rootId = randomSpanId();
  const spans: Record<string, unknown>[] = [
    { traceId, spanId: rootId, name: 'batch-job', kind: 'chain', startTime: new Date(start).toISOString(), endTime: new Date(start + count * 10 + 100).toISOString() },
  ];
  let groupId = rootId;
  for (let index = 1; index < count; index++) {
    const spanId = randomSpanId();
    const isGroup = index % 50 === 1;
    const begin = start + index * 10;
    spans.push({
      traceId,
      spanId,
      parentSpanId: isGroup ? rootId : groupId,
      name: isGroup ? `step-${index}` : `call-${index}`,
      kind: isGroup ? 'chain' : index % 2 === 0 ? 'llm' : 'tool',
      startTime: new Date(begin).toISOString(),
      endTime: new Date(begin + (isGroup ? 500 : 8)).toISOString(),
      model: !isGroup && index % 2 === 0 ? 'gpt-4o-mini' : undefined,
    });
    if (isGroup) groupId = spanId;
  }
  return { traceId, spans };
}

export { ingest as ingestSpans };
