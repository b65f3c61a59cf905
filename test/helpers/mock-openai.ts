// A local OpenAI-compatible server for tests: chat completions (JSON and SSE with usage), embeddings, Anthropic
// Messages, and scripted faults (status, Retry-After, delays, hangs) taken in order by the next requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: an error status (with headers) or a delay before the normal answer. */
export type MockFault = { status?: number; headers?: Record<string, string>; delayMs?: number; body?: unknown };

export type MockOpenAi = {
  baseUrl: string;
  requests: { path: string; body: Record<string, unknown>; headers: IncomingMessage['headers'] }[];
  /** Queues faults taken one per request, in order; requests with none queued answer normally. */
  fail: (...faults: MockFault[]) => void;
  /** Delay before every answer, and between stream events. */
  setLatency: (options: { answerMs?: number; eventMs?: number }) => void;
  close: () => Promise<void>;
};

const usage = { prompt_tokens: 19, completion_tokens: 7, total_tokens: 26, prompt_tokens_details: { cached_tokens: 4 } };

function completion(model: string) {
  return {
    id: 'chatcmpl-mock-1',
    object: 'chat.completion',
    created: 1_764_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Mocked answer.' }, finish_reason: 'stop', logprobs: null }],
    usage,
  };
}

async function writeStream(response: ServerResponse, options: { model: string; includeUsage: boolean; eventMs: number }): Promise<void> {
  const { model, includeUsage } = options;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-mock-2', object: 'chat.completion.chunk', created: 1_764_000_000, model };
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'Mocked ' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'stream.' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ...(includeUsage ? [{ ...base, choices: [], usage }] : []),
  ];
  for (const chunk of chunks) {
    if (options.eventMs > 0) await sleep(options.eventMs);
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function anthropicMessage(model: string) {
  return {
    id: 'msg_mock_1',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: 'Claude says hi.' }],
    stop_reason: 'end_turn',
    usage: { input_tokens: 12, output_tokens: 5, cache_read_input_tokens: 3 },
  };
}

function writeAnthropicStream(response: ServerResponse, model: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const events: [string, unknown][] = [
    ['message_start', { type: 'message_start', message: { id: 'msg_mock_2', model, usage: { input_tokens: 12, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Claude ' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'streams.' } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 6 } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  for (const [name, data] of events) response.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  response.end();
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

export async function startMockOpenAi(): Promise<MockOpenAi> {
  const requests: MockOpenAi['requests'] = [];
  const faults: MockFault[] = [];
  const latency = { answerMs: 0, eventMs: 0 };
  const server: Server = createServer(async (request, response) => {
    const body = await readJson(request);
    const path = request.url ?? '';
    requests.push({ path, body, headers: request.headers });
    const model = String(body.model ?? 'gpt-4o-mini');
    const fault = faults.shift();
    const delayMs = (fault?.delayMs ?? 0) + latency.answerMs;
    if (delayMs > 0) await sleep(delayMs);
    if (fault?.status) {
      response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      return response.end(JSON.stringify(fault.body ?? { error: { message: `scripted ${fault.status}`, type: 'server_error', code: null } }));
    }
    if (path.endsWith('/messages')) {
      if (body.stream) return writeAnthropicStream(response, model);
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify(anthropicMessage(model)));
    }
    if (path.endsWith('/chat/completions') && model === 'rejected-model') {
      response.writeHead(400, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ error: { message: 'The model rejected-model does not exist', type: 'invalid_request_error', code: 'model_not_found' } }));
    }
    if (path.endsWith('/chat/completions')) {
      if (body.stream) {
        const includeUsage = Boolean((body.stream_options as { include_usage?: boolean })?.include_usage);
        return writeStream(response, { model, includeUsage, eventMs: latency.eventMs });
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify(completion(model)));
    }
    if (path.endsWith('/embeddings')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(
        JSON.stringify({ object: 'list', model, data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }], usage: { prompt_tokens: 5, total_tokens: 5 } }),
      );
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: `no route ${path}`, type: 'invalid_request_error', code: null } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    fail: (...added) => {
      faults.push(...added);
    },
    setLatency: (options) => {
      latency.answerMs = options.answerMs ?? 0;
      latency.eventMs = options.eventMs ?? 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
