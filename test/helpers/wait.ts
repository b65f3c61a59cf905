// Polls until a check returns a value (not null/undefined/false), or fails after the timeout with the last error.
export async function waitFor<Value>(check: () => Promise<Value | null | undefined | false>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<Value> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`waited ${options.timeoutMs ?? 20_000} ms in vain${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
