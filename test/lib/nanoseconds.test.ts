import { describe, expect, it } from 'vitest';
import { formatNanosecondsAsIso, millisecondsToNanoseconds, parseIsoToNanoseconds } from '../../server/lib/nanoseconds.ts';

describe('nanoseconds', () => {
  it('parses ISO timestamps with up to nine fractional digits and any offset', () => {
    expect(parseIsoToNanoseconds('2025-11-24T16:00:00.123456789Z')).toBe(1764000000123456789n);
    expect(parseIsoToNanoseconds('2025-11-24T17:00:00.5+01:00')).toBe(1764000000500000000n);
  });

  it('returns null for timestamps without a zone or with junk', () => {
    expect(parseIsoToNanoseconds('2025-11-24T16:00:00')).toBeNull();
    expect(parseIsoToNanoseconds('yesterday')).toBeNull();
  });

  it('round-trips through ISO formatting and converts fractional milliseconds', () => {
    expect(formatNanosecondsAsIso(1764000000123456789n)).toBe('2025-11-24T16:00:00.123456789Z');
    expect(millisecondsToNanoseconds(1764000000123.5)).toBe(1764000000123500000n);
  });
});
