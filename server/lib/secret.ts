// Random tokens, one-way hashes and constant-time comparison for API keys and the admin token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Returns a URL-safe random string carrying `bytes` bytes of entropy. */
export function generateToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex digest; enough for high-entropy generated secrets, which need no slow hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Checks a presented secret against a stored SHA-256 hex hash in constant time. */
export function matchesHash(given: string, expectedHash: string): boolean {
  const expected = Buffer.from(expectedHash, 'hex');
  const actual = Buffer.from(hashSecret(given), 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
