// Decodes an OTLP/JSON ExportTraceServiceRequest: hex ids, int64 as string or number, enums as ints
// (names tolerated), lowerCamelCase keys (snake_case tolerated), unknown fields ignored.
import {
  type AttributeValue,
  type Attributes,
  OtlpDecodeError,
  type OtlpResourceSpans,
  type OtlpSpan,
} from './otlp-types.ts';

type JsonObject = Record<string, unknown>;

const spanKindNames = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const statusCodeNames = ['UNSET', 'OK', 'ERROR'];

/** Parses and decodes JSON text; structural problems throw OtlpDecodeError, span-level ones mark the span. */
export function decodeJsonRequest(text: string): OtlpResourceSpans[] {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(request)) throw new OtlpDecodeError('body must be a JSON object (ExportTraceServiceRequest)');
  return readList(request, ['resourceSpans', 'resource_spans'], 'resourceSpans').map((resourceSpans, index) => {
    const path = `resourceSpans[${index}]`;
    const resource = read(resourceSpans, ['resource']);
    return {
      resource: isObject(resource) ? readAttributes(resource, `${path}.resource`) : {},
      scopeSpans: readList(resourceSpans, ['scopeSpans', 'scope_spans'], `${path}.scopeSpans`).map((scopeSpans, scopeIndex) => {
        const scopePath = `${path}.scopeSpans[${scopeIndex}]`;
        const scope = read(scopeSpans, ['scope']);
        return {
          scope: {
            name: isObject(scope) ? String(read(scope, ['name']) ?? '') : '',
            version: isObject(scope) ? String(read(scope, ['version']) ?? '') : '',
            attributes: isObject(scope) ? readAttributes(scope, `${scopePath}.scope`) : {},
          },
          spans: readList(scopeSpans, ['spans'], `${scopePath}.spans`).map(readSpan),
        };
      }),
    };
  });
}

function readSpan(span: JsonObject): OtlpSpan {
  const problems: string[] = [];
  const status = read(span, ['status']);
  const decoded: OtlpSpan = {
    traceId: readId(span, ['traceId', 'trace_id'], problems),
    spanId: readId(span, ['spanId', 'span_id'], problems),
    parentSpanId: readId(span, ['parentSpanId', 'parent_span_id'], problems),
    traceState: String(read(span, ['traceState', 'trace_state']) ?? ''),
    name: String(read(span, ['name']) ?? ''),
    kind: readEnum(read(span, ['kind']), spanKindNames, 'kind', problems),
    startTimeUnixNano: readUnixNano(span, ['startTimeUnixNano', 'start_time_unix_nano'], problems),
    endTimeUnixNano: readUnixNano(span, ['endTimeUnixNano', 'end_time_unix_nano'], problems),
    attributes: safely(() => readAttributes(span, 'attributes'), {}, problems),
    events: safely(
      () =>
        readList(span, ['events'], 'events').map((event) => ({
          timeUnixNano: readUnixNano(event, ['timeUnixNano', 'time_unix_nano'], problems),
          name: String(read(event, ['name']) ?? ''),
          attributes: readAttributes(event, 'events.attributes'),
        })),
      [],
      problems,
    ),
    links: safely(
      () =>
        readList(span, ['links'], 'links').map((link) => ({
          traceId: readId(link, ['traceId', 'trace_id'], problems),
          spanId: readId(link, ['spanId', 'span_id'], problems),
          traceState: String(read(link, ['traceState', 'trace_state']) ?? ''),
          attributes: readAttributes(link, 'links.attributes'),
        })),
      [],
      problems,
    ),
    status: {
      code: isObject(status) ? readEnum(read(status, ['code']), statusCodeNames, 'status.code', problems) : 0,
      message: isObject(status) ? String(read(status, ['message']) ?? '') : '',
    },
  };
  if (problems.length > 0) decoded.problems = problems;
  return decoded;
}

function readAttributes(owner: JsonObject, path: string): Attributes {
  const attributes: Attributes = {};
  for (const entry of readList(owner, ['attributes', 'values'], `${path}.attributes`)) {
    const key = read(entry, ['key']);
    if (typeof key !== 'string') throw new OtlpDecodeError(`${path}.attributes: every entry needs a string key`);
    attributes[key] = readAnyValue(read(entry, ['value']), `${path}.attributes["${key}"]`);
  }
  return attributes;
}

function readAnyValue(value: unknown, path: string): AttributeValue {
  if (!isObject(value)) return null;
  const stringValue = read(value, ['stringValue', 'string_value']);
  if (stringValue !== undefined) return String(stringValue);
  const boolValue = read(value, ['boolValue', 'bool_value']);
  if (boolValue !== undefined) return boolValue === true || boolValue === 'true';
  const intValue = read(value, ['intValue', 'int_value']);
  if (intValue !== undefined) return readInteger(intValue, path);
  const doubleValue = read(value, ['doubleValue', 'double_value']);
  if (doubleValue !== undefined) return Number(doubleValue);
  const arrayValue = read(value, ['arrayValue', 'array_value']);
  if (arrayValue !== undefined) {
    const values = isObject(arrayValue) ? read(arrayValue, ['values']) : undefined;
    return Array.isArray(values) ? values.map((item, index) => readAnyValue(item, `${path}[${index}]`)) : [];
  }
  const kvlistValue = read(value, ['kvlistValue', 'kvlist_value']);
  if (kvlistValue !== undefined) return isObject(kvlistValue) ? readAttributes(kvlistValue, path) : {};
  const bytesValue = read(value, ['bytesValue', 'bytes_value']);
  if (bytesValue !== undefined) return String(bytesValue);
  return null;
}

function readInteger(value: unknown, path: string): number | string {
  const text = String(value);
  if (!/^-?\d+$/.test(text)) throw new OtlpDecodeError(`${path}: intValue must be an integer, got ${JSON.stringify(value)}`);
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
}

function readId(owner: JsonObject, keys: string[], problems: string[]): string {
  const value = read(owner, keys);
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string' || !/^[0-9a-fA-F]*$/.test(value)) {
    problems.push(`${keys[0]}: must be a hex string`);
    return '';
  }
  return value.toLowerCase();
}

function readUnixNano(owner: JsonObject, keys: string[], problems: string[]): bigint {
  const value = read(owner, keys);
  if (value === undefined || value === null) return 0n;
  if ((typeof value === 'string' && /^\d{1,20}$/.test(value)) || (typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
    return BigInt(value);
  }
  problems.push(`${keys[0]}: must be an unsigned integer (string or number), got ${JSON.stringify(value)}`);
  return 0n;
}

function readEnum(value: unknown, names: string[], field: string, problems: string[]): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const index = names.findIndex((name) => value.toUpperCase().endsWith(name));
    if (index >= 0) return index;
  }
  problems.push(`${field}: unknown value ${JSON.stringify(value)}`);
  return 0;
}

function readList(owner: JsonObject, keys: string[], path: string): JsonObject[] {
  const value = read(owner, keys);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject)) throw new OtlpDecodeError(`${path}: must be an array of objects`);
  return value;
}

function safely<T>(readValue: () => T, fallback: T, problems: string[]): T {
  try {
    return readValue();
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    problems.push(error.message);
    return fallback;
  }
}

function read(owner: JsonObject, keys: string[]): unknown {
  for (const key of keys) if (owner[key] !== undefined) return owner[key];
  return undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
