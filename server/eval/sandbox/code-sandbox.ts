// The interface both code sandboxes offer: evaluate one user program over a batch of inputs, each within limits.

export type SandboxRequest = {
  /** Whose code this is: programs of different projects never share an interpreter. */
  tenant: string;
  code: string;
  timeoutMs: number;
  memoryMb: number;
  /** evaluate()'s argument for each call, as plain JSON values. */
  inputs: unknown[];
};

export type SandboxFailureKind = 'error' | 'timeout' | 'memory' | 'unavailable';

/** One call's outcome: the JSON value evaluate() returned, or why it did not; logs are what it printed. */
export type SandboxResult = { ok: true; value: unknown; logs: string[] } | { ok: false; error: string; kind: SandboxFailureKind; logs: string[] };

export type CodeSandbox = {
  evaluate: (request: SandboxRequest) => Promise<SandboxResult[]>;
  close: () => Promise<void>;
};

/** Raw results from a sandbox process or thread: `ok` is evaluate()'s return value as JSON text. */
export type RawResult = { ok?: string; error?: string; kind?: SandboxFailureKind; logs?: string[] };

export function fromRawResult(raw: RawResult): SandboxResult {
  const logs = raw.logs ?? [];
  if (raw.ok === undefined) return { ok: false, error: raw.error ?? 'the sandbox gave no result', kind: raw.kind ?? 'error', logs };
  return { ok: true, value: JSON.parse(raw.ok), logs };
}

export function failAll(count: number, error: string, kind: SandboxFailureKind): SandboxResult[] {
  return Array.from({ length: count }, () => ({ ok: false as const, error, kind, logs: [] }));
}
