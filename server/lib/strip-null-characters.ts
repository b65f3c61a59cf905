// PostgreSQL text and jsonb cannot hold U+0000; replace it so such payloads are stored, not rejected.

/** Returns the value with every U+0000 in its strings and keys replaced by U+FFFD; copies only what changes. */
export function stripNullCharacters<T>(value: T): T {
  if (typeof value === 'string') {
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const stripped = stripNullCharacters(item);
      if (stripped !== item) {
        copy ??= [...value];
        copy[index] = stripped;
      }
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const strippedKey = stripNullCharacters(key);
      const strippedItem = stripNullCharacters(item);
      changed ||= strippedKey !== key || strippedItem !== item;
      return [strippedKey, strippedItem] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
