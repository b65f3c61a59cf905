// wrapOpenAI(): records chat completions (streaming included) as GenAI-convention spans.
import { type Span, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { loupeAttributes } from './attributes.ts';

type ChatBody = { model: string; messages: unknown[]; stream?: boolean | null; [key: string]: unknown };
type Usage = { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number }; completion_tokens_details?: { reasoning_tokens?: number } };
type Completion = { model?: string; id?: string; choices?: { message?: unknown; finish_reason?: string }[]; usage?: Usage | null };
type Chunk = { model?: string; choices?: { delta?: { content?: string | null; role?: string }; finish_reason?: string | null }[]; usage?: Usage | null };
type Create = (body: ChatBody, options?: unknown) => Promise<unknown>;
/** Anything shaped like the `openai` client; its overloaded `create` is called through `Create`. */
type OpenAiLike = { chat: { completions: { create: (...args: never[]) => unknown } } };

function recordUsage(span: Span, usage: Usage | null | undefined): void {
  if (!usage) return;
  if (usage.prompt_tokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', usage.prompt_tokens);
  if (usage.completion_tokens !== undefined) span.setAttribute('gen_ai.usage.output_tokens', usage.completion_tokens);
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached !== undefined) span.setAttribute('gen_ai.usage.cache_read.input_tokens', cached);
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) span.setAttribute('gen_ai.usage.reasoning.output_tokens', reasoning);
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

/** Wraps a stream so the span records time to first chunk, the text, usage (when sent) and the end. */
function traceStream<T extends AsyncIterable<Chunk>>(stream: T, span: Span, startedAt: number): T {
  const iterate = async function* () {
    let text = '';
    let role = 'assistant';
    let finishReason: string | null | undefined;
    let first = true;
    try {
      for await (const chunk of stream) {
        if (first) {
          span.setAttribute(loupeAttributes.ttftMs, performance.now() - startedAt);
          first = false;
        }
        if (chunk.model) span.setAttribute('gen_ai.response.model', chunk.model);
        const choice = chunk.choices?.[0];
        text += choice?.delta?.content ?? '';
        role = choice?.delta?.role ?? role;
        finishReason = choice?.finish_reason ?? finishReason;
        recordUsage(span, chunk.usage);
        yield chunk;
      }
      span.setAttribute('gen_ai.output.messages', JSON.stringify([{ role, content: text, finish_reason: finishReason ?? null }]));
      span.end();
    } catch (error) {
      fail(span, error);
      throw error;
    }
  };
  return new Proxy(stream, {
    get: (target, property, receiver) =>
      property === Symbol.asyncIterator ? () => iterate() : Reflect.get(target, property, receiver),
  });
}

/**
 * Returns the client with `chat.completions.create` traced: model, input messages, output, token usage,
 * time to first token for streams, and errors.
 * @example
 * const openai = wrapOpenAI(new OpenAI());
 * await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 */
export function wrapOpenAI<T extends OpenAiLike>(client: T): T {
  const completions = client.chat.completions;
  const original = completions.create.bind(completions) as unknown as Create;
  const create: Create = async (body, options) => {
    const span = trace.getTracer('@loupe/sdk').startSpan(`chat ${body.model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [loupeAttributes.kind]: 'llm',
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': body.model,
        'gen_ai.input.messages': JSON.stringify(body.messages),
      },
    });
    const startedAt = performance.now();
    try {
      const result = await context.with(trace.setSpan(context.active(), span), () => original(body, options));
      if (body.stream) return traceStream(result as AsyncIterable<Chunk>, span, startedAt);
      const completion = result as Completion;
      if (completion.model) span.setAttribute('gen_ai.response.model', completion.model);
      span.setAttribute(
        'gen_ai.output.messages',
        JSON.stringify(completion.choices?.map((choice) => ({ ...(choice.message as object), finish_reason: choice.finish_reason })) ?? []),
      );
      recordUsage(span, completion.usage);
      span.end();
      return result;
    } catch (error) {
      fail(span, error);
      throw error;
    }
  };
  const wrappedCompletions = new Proxy(completions, {
    get: (target, property, receiver) => (property === 'create' ? create : Reflect.get(target, property, receiver)),
  });
  const wrappedChat = new Proxy(client.chat, {
    get: (target, property, receiver) => (property === 'completions' ? wrappedCompletions : Reflect.get(target, property, receiver)),
  });
  return new Proxy(client, {
    get: (target, property, receiver) => (property === 'chat' ? wrappedChat : Reflect.get(target, property, receiver)),
  });
}
