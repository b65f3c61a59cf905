// The mapper contract: each convention reads the attributes it knows, records which it used, and returns span fields.
import type { NormalizedSpan } from '../span.ts';
import type { AttributeValue, Attributes, OtlpEvent } from '../otlp/otlp-types.ts';

/** What a mapper may set; the first mapper (in priority order) to set a field wins. */
export type MappedFields = Partial<
  Pick<
    NormalizedSpan,
    | 'kind'
    | 'model'
    | 'provider'
    | 'input'
    | 'output'
    | 'inputTokens'
    | 'outputTokens'
    | 'cacheReadTokens'
    | 'reasoningTokens'
    | 'costUsd'
    | 'ttftMs'
    | 'userId'
    | 'sessionId'
    | 'tags'
    | 'metadata'
  >
>;

export type MapperInput = { name: string; attributes: Attributes; events: OtlpEvent[] };

export type ConventionMapper = {
  /** Recorded on the span as `convention` when the mapper applied. */
  name: string;
  /** True when the span carries this convention's marks. */
  detects: (input: MapperInput) => boolean;
  map: (input: MapperInput, reader: AttributeReader) => MappedFields;
};

/** Typed attribute access that remembers every key read, so the rest can be reported as unmapped. */
export class AttributeReader {
  readonly used = new Set<string>();

  constructor(private readonly attributes: Attributes) {}

  raw(key: string): AttributeValue | undefined {
    if (!(key in this.attributes)) return undefined;
    this.used.add(key);
    return this.attributes[key];
  }

  /** The first of the keys that is present, as a string; every key given counts as used. */
  string(...keys: string[]): string | undefined {
    return this.first(keys, (value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  }

  /** A non-negative integer count; numeric strings are accepted. */
  count(...keys: string[]): number | undefined {
    return this.first(keys, (value) => {
      const number = Number(value);
      return Number.isInteger(number) && number >= 0 ? number : undefined;
    });
  }

  number(...keys: string[]): number | undefined {
    return this.first(keys, (value) => {
      const number = Number(value);
      return Number.isFinite(number) ? number : undefined;
    });
  }

  /** A JSON-encoded string parsed (falling back to the string itself), or a structured value as is. */
  json(...keys: string[]): unknown {
    return this.first(keys, (value) => (typeof value === 'string' ? parseJsonOrText(value) : value));
  }

  private first<T>(keys: string[], convert: (value: AttributeValue) => T | undefined): T | undefined {
    let found: T | undefined;
    for (const key of keys) {
      const value = this.raw(key);
      if (found === undefined && value !== undefined && value !== null) found = convert(value);
    }
    return found;
  }

  /** Keys beginning with the prefix, with the prefix removed; each is marked used. */
  withPrefix(prefix: string): Record<string, AttributeValue> {
    const found: Record<string, AttributeValue> = {};
    for (const [key, value] of Object.entries(this.attributes)) {
      if (!key.startsWith(prefix)) continue;
      this.used.add(key);
      found[key.slice(prefix.length)] = value;
    }
    return found;
  }

  /**
   * Flattened indexed lists (`prefix.0.role`, `prefix.0.content`, …) rebuilt as an array of objects,
   * e.g. readIndexed('gen_ai.prompt') -> [{ role, content }].
   */
  indexed(prefix: string): Record<string, AttributeValue>[] {
    const items: Record<string, AttributeValue>[] = [];
    for (const [rest, value] of Object.entries(this.withPrefix(`${prefix}.`))) {
      const match = /^(\d+)\.(.+)$/.exec(rest);
      if (!match) continue;
      const index = Number(match[1]);
      const item = items[index] ?? {};
      item[match[2] as string] = value;
      items[index] = item;
    }
    return items.filter(Boolean);
  }

  hasPrefix(prefix: string): boolean {
    return Object.keys(this.attributes).some((key) => key.startsWith(prefix));
  }
}

export function parseJsonOrText(value: string): unknown {
  const trimmed = value.trim();
  if (!/^[[{"]/.test(trimmed)) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

export function hasKeyWithPrefix(attributes: Attributes, prefix: string): boolean {
  for (const key in attributes) if (key.startsWith(prefix)) return true;
  return false;
}

/** Tags given as a list or a JSON-encoded list. */
export function toTagList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? parseJsonOrText(value) : value;
  if (Array.isArray(list)) return list.map(String);
  return typeof list === 'string' && list ? [list] : undefined;
}
