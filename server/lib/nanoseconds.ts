// Converts timestamps between ISO-8601 strings, epoch milliseconds and epoch nanoseconds (bigint).

const isoPattern =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 timestamp keeping up to nanosecond precision; returns null when malformed. */
export function parseIsoToNanoseconds(value: string): bigint | null {
  const match = isoPattern.exec(value);
  if (!match) return null;
  const [, seconds, fraction = '', zone] = match;
  const wholeSeconds = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(wholeSeconds)) return null;
  return BigInt(wholeSeconds) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

/** Converts epoch milliseconds (fractions allowed) to nanoseconds. */
export function millisecondsToNanoseconds(value: number): bigint {
  const whole = Math.trunc(value);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((value - whole) * 1_000_000));
}

/** Formats nanoseconds as ISO-8601 with all nine fractional digits. */
export function formatNanosecondsAsIso(value: bigint): string {
  const milliseconds = value / 1_000_000n;
  const iso = new Date(Number(milliseconds)).toISOString();
  const nanosecondsOfSecond = (value % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${nanosecondsOfSecond}Z`;
}

const clockOriginNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** Wall-clock time in nanoseconds with the monotonic clock's resolution: ordered within a process. */
export function nowNanoseconds(): bigint {
  return clockOriginNs + process.hrtime.bigint();
}
