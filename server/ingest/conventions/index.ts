// Runs every convention mapper that detects its marks, in priority order; the first to set a field wins.
import type { Attributes, OtlpEvent } from '../otlp/otlp-types.ts';
import { AttributeReader, type ConventionMapper, type MappedFields } from './convention.ts';
import { genAiMapper } from './gen-ai.ts';
import { langfuseMapper } from './langfuse.ts';
import { loupeMapper } from './loupe.ts';
import { openInferenceMapper } from './openinference.ts';
import { openLlmetryMapper } from './openllmetry.ts';
import { vercelAiMapper } from './vercel-ai.ts';

/** Most specific first: a Langfuse or Vercel AI span also carries generic gen_ai.* attributes. */
export const conventionMappers: readonly ConventionMapper[] = [
  loupeMapper,
  langfuseMapper,
  openInferenceMapper,
  vercelAiMapper,
  openLlmetryMapper,
  genAiMapper,
];

/** Attributes that are plain OpenTelemetry, not any LLM convention, and still map onto span fields. */
function mapGenericAttributes(reader: AttributeReader): MappedFields {
  return { userId: reader.string('user.id', 'enduser.id'), sessionId: reader.string('session.id') };
}

export type ConventionResult = { fields: MappedFields; convention: string | null; unmappedAttributes: string[] };

export function applyConventions(input: { name: string; attributes: Attributes; events: OtlpEvent[] }): ConventionResult {
  const reader = new AttributeReader(input.attributes);
  const applied: string[] = [];
  const fields: MappedFields = {};
  for (const mapper of conventionMappers) {
    if (!mapper.detects(input)) continue;
    applied.push(mapper.name);
    mergeMissing(fields, mapper.map(input, reader));
  }
  mergeMissing(fields, mapGenericAttributes(reader));
  return {
    fields,
    convention: applied.length > 0 ? applied.join('+') : null,
    unmappedAttributes: Object.keys(input.attributes).filter((key) => !reader.used.has(key)),
  };
}

function mergeMissing(target: MappedFields, source: MappedFields): void {
  for (const [key, value] of Object.entries(source) as [keyof MappedFields, unknown][]) {
    if (value === undefined || value === null) continue;
    if (key === 'metadata' && target.metadata) {
      target.metadata = { ...(value as Record<string, unknown>), ...target.metadata };
    } else if (key === 'tags' && target.tags) {
      target.tags = [...new Set([...target.tags, ...(value as string[])])];
    } else if (target[key] === undefined) {
      (target as Record<string, unknown>)[key] = value;
    }
  }
}
