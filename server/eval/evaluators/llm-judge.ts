// LLM-as-judge: renders the prompt over the span, asks the configured model for {score, reasoning} as JSON, checks the
// score against the configured type; retries 429/5xx with backoff (honouring Retry-After), then leaves it to the queue.
import { setTimeout as sleep } from 'node:timers/promises';
import { readRetryAfterMs, retryDelayMs } from '../../lib/retry-after.ts';
import type { EvaluatorConfigs } from '../evaluator-config.ts';
import type { EvalInput, ScoreValue, UnnamedScore } from '../score.ts';

type JudgeConfig = EvaluatorConfigs['llm_judge'];

/** The judge could not answer now (rate limit, provider outage): the job is retried later with backoff. */
export class RetryableJudgeError extends Error {}

const retryStatuses = new Set([408, 429, 500, 502, 503, 504]);
/** Backoff between tries: 500 ms to 1 s, doubling each try, never above maxDelayMs (Retry-After included). */
const baseDelayMs = 1000;
const maxDelayMs = 30_000;

export async function runJudge(config: JudgeConfig, span: EvalInput) {
  const request = buildRequest(config, renderPrompt(config.prompt, span) + answerInstruction(config));
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(config.timeoutMs) });
    } catch (error) {
      if (attempt >= config.maxRetries) throw new RetryableJudgeError(`judge request failed: ${(error as Error).message}`);
      await sleep(backoffMs(attempt, null));
      continue;
    }
    const text = await response.text();
    if (response.ok) return parseAnswer(config, readContent(config, text));
    if (!retryStatuses.has(response.status)) {
      throw new Error(`the judge's provider answered ${response.status}: ${text.slice(0, 500)}`);
    }
    if (attempt >= config.maxRetries) {
      throw new RetryableJudgeError(`the judge's provider answered ${response.status} after ${attempt + 1} tries: ${text.slice(0, 200)}`);
    }
    await sleep(backoffMs(attempt, readRetryAfterMs(Object.fromEntries(response.headers))));
  }
}

function backoffMs(attempt: number, retryAfterMs: number | null): number {
  return Math.min(maxDelayMs, retryDelayMs({ retry: attempt, baseDelayMs, retryAfterMs }));
}

/** Replaces {{input}}, {{output}}, {{expected}}, {{metadata}}, {{metadata.key}} and {{span.field}}; unknown names stay. */
export function renderPrompt(template: string, span: EvalInput): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const [root, ...rest] = name.split('.');
    if (!root || !['input', 'output', 'expected', 'metadata', 'span'].includes(root)) return whole;
    let value: unknown = span[root as keyof EvalInput];
    for (const key of rest) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  });
}

function answerInstruction(config: JudgeConfig): string {
  const score =
    config.scoreType === 'numeric'
      ? 'a number'
      : config.scoreType === 'boolean'
        ? 'true or false'
        : `one of ${JSON.stringify(config.categories)}`;
  return `\n\nRespond with only a JSON object: {"score": <${score}>, "reasoning": "<one or two sentences>"}`;
}

function buildRequest(config: JudgeConfig, prompt: string) {
  const base = config.baseUrl.replace(/\/+$/, '');
  const messages = [{ role: 'user', content: prompt }];
  if (config.provider === 'anthropic') {
    return {
      url: `${base}/messages`,
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...(config.apiKey ? { 'x-api-key': config.apiKey } : {}) },
      body: JSON.stringify({ model: config.model, max_tokens: 1024, temperature: config.temperature, messages }),
    };
  }
  return {
    url: `${base}/chat/completions`,
    headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
    body: JSON.stringify({ model: config.model, temperature: config.temperature, messages, response_format: { type: 'json_object' } }),
  };
}

function readContent(config: JudgeConfig, text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`the judge's provider answered with something that is not JSON: ${text.slice(0, 200)}`);
  }
  const content =
    config.provider === 'anthropic'
      ? (body as { content?: { type: string; text?: string }[] }).content?.find((part) => part.type === 'text')?.text
      : (body as { choices?: { message?: { content?: string } }[] }).choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error(`the judge's answer holds no message text: ${text.slice(0, 200)}`);
  return content;
}

/** The first JSON object in the model's text (code fences and chatter around it are tolerated). */
export function parseAnswer(config: JudgeConfig, content: string): UnnamedScore {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  let answer: { score?: unknown; reasoning?: unknown };
  try {
    answer = JSON.parse(content.slice(start, end + 1));
  } catch {
    throw new Error(`the judge did not answer with a JSON object: ${content.slice(0, 200)}`);
  }
  const reasoning = typeof answer.reasoning === 'string' ? answer.reasoning : null;
  return { value: checkScore(config, answer.score, content), comment: reasoning };
}

function checkScore(config: JudgeConfig, score: unknown, content: string): ScoreValue {
  if (config.scoreType === 'numeric') {
    const value = typeof score === 'string' ? Number(score) : score;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  } else if (config.scoreType === 'boolean') {
    if (typeof score === 'boolean') return score;
    if (typeof score === 'string' && /^(true|yes|pass)$/i.test(score)) return true;
    if (typeof score === 'string' && /^(false|no|fail)$/i.test(score)) return false;
  } else if (typeof score === 'string' && config.categories?.includes(score)) {
    return score;
  }
  throw new Error(`the judge's score does not fit a ${config.scoreType} score: ${content.slice(0, 200)}`);
}
