// A local OpenAI-compatible server for tests: chat completions (JSON and SSE with usage) and embeddings.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MockOpenAi = { baseUrl: string; requests: { path: string; body: Record<string, unknown> }[]; close: () => Promise<void> };

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

function writeStream(response: ServerResponse, model: string, includeUsage: boolean): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-mock-2', object: 'chat.completion.chunk', created: 1_764_000_000, model };
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'Mocked ' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'stream.' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ...(includeUsage ? [{ ...base, choices: [], usage }] : []),
  ];
  for (const chunk of chunks) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  response.end('data: [DONE]\n\n');
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

export async function startMockOpenAi(): Promise<MockOpenAi> {
  const requests: MockOpenAi['requests'] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readJson(request);
    const path = request.url ?? '';
    requests.push({ path, body });
    const model = String(body.model ?? 'gpt-4o-mini');
    if (path.endsWith('/chat/completions') && model === 'rejected-model') {
      response.writeHead(400, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ error: { message: 'The model rejected-model does not exist', type: 'invalid_request_error', code: 'model_not_found' } }));
    }
    if (path.endsWith('/chat/completions')) {
      if (body.stream) return writeStream(response, model, Boolean((body.stream_options as { include_usage?: boolean })?.include_usage));
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
