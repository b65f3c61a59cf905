// Decodes a binary OTLP ExportTraceServiceRequest with protobufjs over the spec's message definitions.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import {
  type AttributeValue,
  type Attributes,
  OtlpDecodeError,
  type OtlpResourceSpans,
  type OtlpSpan,
} from './otlp-types.ts';

const root = protobuf.loadSync(fileURLToPath(new URL('./otlp-trace.proto', import.meta.url)));
export const exportTraceServiceRequest = root.lookupType('loupe.otlp.ExportTraceServiceRequest');
export const exportTraceServiceResponse = root.lookupType('loupe.otlp.ExportTraceServiceResponse');
export const rpcStatus = root.lookupType('loupe.otlp.RpcStatus');

type Message = Record<string, unknown>;
type KeyValueMessage = { key: string; value?: Message | null };

/** Decodes protobuf bytes; throws OtlpDecodeError naming the wire problem. */
export function decodeProtobufRequest(body: Uint8Array): OtlpResourceSpans[] {
  let request: Message;
  try {
    request = exportTraceServiceRequest.decode(body) as unknown as Message;
  } catch (error) {
    throw new OtlpDecodeError(`body is not a protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  return ((request.resourceSpans ?? []) as Message[]).map((resourceSpans) => ({
    resource: toAttributes((resourceSpans.resource as Message | null)?.attributes),
    scopeSpans: ((resourceSpans.scopeSpans ?? []) as Message[]).map((scopeSpans) => {
      const scope = (scopeSpans.scope ?? {}) as Message;
      return {
        scope: {
          name: String(scope.name ?? ''),
          version: String(scope.version ?? ''),
          attributes: toAttributes(scope.attributes),
        },
        spans: ((scopeSpans.spans ?? []) as Message[]).map(toSpan),
      };
    }),
  }));
}

function toSpan(span: Message): OtlpSpan {
  const status = (span.status ?? {}) as Message;
  return {
    traceId: toHex(span.traceId),
    spanId: toHex(span.spanId),
    parentSpanId: toHex(span.parentSpanId),
    traceState: String(span.traceState ?? ''),
    name: String(span.name ?? ''),
    kind: Number(span.kind ?? 0),
    startTimeUnixNano: toBigInt(span.startTimeUnixNano),
    endTimeUnixNano: toBigInt(span.endTimeUnixNano),
    attributes: toAttributes(span.attributes),
    events: ((span.events ?? []) as Message[]).map((event) => ({
      timeUnixNano: toBigInt(event.timeUnixNano),
      name: String(event.name ?? ''),
      attributes: toAttributes(event.attributes),
    })),
    links: ((span.links ?? []) as Message[]).map((link) => ({
      traceId: toHex(link.traceId),
      spanId: toHex(link.spanId),
      traceState: String(link.traceState ?? ''),
      attributes: toAttributes(link.attributes),
    })),
    status: { code: Number(status.code ?? 0), message: String(status.message ?? '') },
  };
}

function toAttributes(list: unknown): Attributes {
  const attributes: Attributes = {};
  for (const entry of (list ?? []) as KeyValueMessage[]) attributes[entry.key] = toValue(entry.value);
  return attributes;
}

/** AnyValue is a oneof: decoded messages carry defaults on the prototype, so only own properties count. */
function toValue(value: Message | null | undefined): AttributeValue {
  if (!value) return null;
  if (Object.hasOwn(value, 'stringValue')) return value.stringValue as string;
  if (Object.hasOwn(value, 'boolValue')) return value.boolValue as boolean;
  if (Object.hasOwn(value, 'intValue')) return toSafeNumber(value.intValue);
  if (Object.hasOwn(value, 'doubleValue')) return value.doubleValue as number;
  if (Object.hasOwn(value, 'arrayValue')) return (((value.arrayValue as Message).values ?? []) as Message[]).map(toValue);
  if (Object.hasOwn(value, 'kvlistValue')) return toAttributes((value.kvlistValue as Message).values);
  if (Object.hasOwn(value, 'bytesValue')) return Buffer.from(value.bytesValue as Uint8Array).toString('base64');
  return null;
}

function toHex(bytes: unknown): string {
  return bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : '';
}

function toBigInt(value: unknown): bigint {
  // protobufjs yields a Long (whose toString is the exact decimal) or, for small values, a number.
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'object' && value !== null) return BigInt.asUintN(64, BigInt(String(value)));
  return 0n;
}

/** int64 attributes: a number when exact, else the exact digits. */
function toSafeNumber(value: unknown): number | string {
  const text = String(value);
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
}
