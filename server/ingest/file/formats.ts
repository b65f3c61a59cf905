// Import formats: detection from a file's first record, and the field mapping of the generic formats.

export const importFormats = ['otlp-jsonl', 'openai-batch', 'loupe', 'jsonl', 'csv'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Span fields a generic JSONL/CSV record can supply, with the source keys recognised for each. */
export const mappableFields = {
  input: ['input', 'prompt', 'messages', 'question', 'request'],
  output: ['output', 'completion', 'response', 'answer'],
  model: ['model', 'model_name', 'modelName'],
  provider: ['provider'],
  inputTokens: ['input_tokens', 'inputTokens', 'prompt_tokens', 'promptTokens'],
  outputTokens: ['output_tokens', 'outputTokens', 'completion_tokens', 'completionTokens'],
  startTime: ['start_time', 'startTime', 'timestamp', 'created_at', 'createdAt', 'time'],
  endTime: ['end_time', 'endTime'],
  latencyMs: ['latency_ms', 'latencyMs', 'duration_ms', 'durationMs', 'latency'],
  userId: ['user_id', 'userId', 'user'],
  sessionId: ['session_id', 'sessionId', 'session', 'conversation_id'],
  metadata: ['metadata'],
  tags: ['tags'],
  name: ['name', 'operation'],
  traceId: ['trace_id', 'traceId'],
  spanId: ['span_id', 'spanId'],
  error: ['error'],
  costUsd: ['cost_usd', 'costUsd', 'cost'],
} as const;

export type MappableField = keyof typeof mappableFields;
export type FieldMapping = Partial<Record<MappableField, string>>;

export class ImportSetupError extends Error {}

/** Guesses the format from the file name and its first non-empty line. */
export function detectFormat(fileName: string, firstLine: string): ImportFormat {
  if (/\.csv$/i.test(fileName)) return 'csv';
  let record: unknown;
  try {
    record = JSON.parse(firstLine);
  } catch {
    if (firstLine.includes(',')) return 'csv';
    throw new ImportSetupError('cannot detect the format: the first line is neither JSON nor CSV; pass --format');
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new ImportSetupError('cannot detect the format: the first line is not a JSON object; pass --format');
  }
  if ('resourceSpans' in record || 'resource_spans' in record) return 'otlp-jsonl';
  if ('custom_id' in record && 'response' in record) return 'openai-batch';
  if ('spanId' in record && 'traceId' in record && 'startTimeUnixNano' in record) return 'loupe';
  return 'jsonl';
}

/**
 * Completes a mapping from a generic record's keys: each unmapped field takes the one recognised key present.
 * Two recognised keys for one field is ambiguous and must be settled by the caller's mapping.
 */
export function resolveMapping(keys: string[], given: FieldMapping): FieldMapping {
  const present = new Set(keys);
  const mapping: FieldMapping = { ...given };
  for (const [field, candidates] of Object.entries(mappableFields) as [MappableField, readonly string[]][]) {
    if (mapping[field]) {
      if (!present.has(mapping[field])) throw new ImportSetupError(`mapping ${field}=${mapping[field]}: the file has no such field`);
      continue;
    }
    const found = candidates.filter((candidate) => present.has(candidate));
    if (found.length > 1) {
      throw new ImportSetupError(`ambiguous ${field}: the file has ${found.join(' and ')}; choose with --map ${field}=<field>`);
    }
    if (found[0]) mapping[field] = found[0];
  }
  if (!mapping.input && !mapping.output) {
    throw new ImportSetupError(`found no input or output field among: ${keys.join(', ')}; map one with --map input=<field>`);
  }
  return mapping;
}

/** Parses `input=question,output=answer` into a mapping, naming a bad entry. */
export function parseMappingOption(option: string): FieldMapping {
  const mapping: FieldMapping = {};
  for (const entry of option.split(',').filter(Boolean)) {
    const [field, source] = entry.split('=');
    if (!field || !source || !(field in mappableFields)) {
      throw new ImportSetupError(`--map ${entry}: expected <field>=<source> with field one of ${Object.keys(mappableFields).join(', ')}`);
    }
    mapping[field as MappableField] = source;
  }
  return mapping;
}
