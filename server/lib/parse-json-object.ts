// Parses bytes as a JSON object or array, returning null for empty, invalid or scalar JSON instead of throwing.
export function parseJsonObject(bytes: Buffer | null): Record<string, unknown> | null {
  if (!bytes || bytes.length === 0) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
