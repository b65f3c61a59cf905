// Bounds concurrent work by count and by bytes, so a burst is refused early instead of growing memory.

export class InFlightLimiter {
  private requests = 0;
  private bytes = 0;

  constructor(private readonly limits: { maxRequests: number; maxBytes: number }) {}

  /** Reserves room for one request of `bytes`; returns a release function, or null when over a limit. */
  tryAcquire(bytes: number): (() => void) | null {
    if (this.requests + 1 > this.limits.maxRequests || this.bytes + bytes > this.limits.maxBytes) return null;
    this.requests += 1;
    this.bytes += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.requests -= 1;
      this.bytes -= bytes;
    };
  }
}
