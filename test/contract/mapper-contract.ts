// The one suite every convention mapper runs: detection, robustness, provenance and a snapshot of what it maps,
// over the recorded payloads of real libraries in test/fixtures/<source>/.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConventions } from '../../server/ingest/conventions/index.ts';
import { AttributeReader, type ConventionMapper } from '../../server/ingest/conventions/convention.ts';
import { decodeJsonRequest } from '../../server/ingest/otlp/decode-json.ts';
import { decodeProtobufRequest } from '../../server/ingest/otlp/decode-protobuf.ts';
import type { OtlpSpan } from '../../server/ingest/otlp/otlp-types.ts';
import { otlpSpanToNormalized } from '../../server/ingest/otlp/to-span.ts';
import { normalizedSpanSchema } from '../../server/ingest/span.ts';
import { fixturesDirectory } from '../helpers/otel.ts';

type FixtureSpan = { fixture: string; span: OtlpSpan; resource: Record<string, never> | OtlpSpan['attributes']; scope: { name: string; version: string; attributes: OtlpSpan['attributes'] } };

/** Every span of every recorded fixture of a source, decoded the way the OTLP route decodes it. */
export function loadFixtureSpans(source: string): FixtureSpan[] {
  const directory = path.join(fixturesDirectory, source);
  return readdirSync(directory)
    .sort()
    .flatMap((file) => {
      const bytes = readFileSync(path.join(directory, file));
      const request = file.endsWith('.bin') ? decodeProtobufRequest(bytes) : decodeJsonRequest(bytes.toString('utf8'));
      return request.flatMap((resourceSpans) =>
        resourceSpans.scopeSpans.flatMap(({ scope, spans }) =>
          spans.map((span) => ({ fixture: file, span, resource: resourceSpans.resource, scope })),
        ),
      );
    });
}

const plainHttpSpan: OtlpSpan = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  parentSpanId: '',
  traceState: '',
  name: 'GET /health',
  kind: 2,
  startTimeUnixNano: 1_764_000_000_000_000_000n,
  endTimeUnixNano: 1_764_000_000_100_000_000n,
  attributes: { 'http.request.method': 'GET', 'http.route': '/health', 'http.response.status_code': 200 },
  events: [],
  links: [],
  status: { code: 0, message: '' },
};

/** Attribute values of the wrong type must not crash a mapper or produce an invalid span. */
function scramble(attributes: OtlpSpan['attributes']): OtlpSpan['attributes'] {
  const junk = [null, -1, 1.5, true, 'not json {', ['x', 2], { nested: { deeper: [] } }, ''];
  return Object.fromEntries(Object.keys(attributes).map((key, index) => [key, junk[index % junk.length] ?? null]));
}

export function runMapperContract(options: { mapper: ConventionMapper; fixtures: string[] }): void {
  const { mapper } = options;
  const recorded = options.fixtures.flatMap(loadFixtureSpans);
  const detected = recorded.filter(({ span }) => mapper.detects(span));

  describe(`convention mapper ${mapper.name}`, () => {
    it('detects spans in its recorded fixtures and ignores a plain HTTP span', () => {
      expect(detected.length).toBeGreaterThan(0);
      expect(mapper.detects(plainHttpSpan)).toBe(false);
    });

    it('produces valid normalized spans that keep every original attribute and name the mapper', () => {
      for (const { span, resource, scope } of detected) {
        const normalized = otlpSpanToNormalized(span, { resource, scope });
        expect(normalizedSpanSchema.safeParse(normalized).success, span.name).toBe(true);
        expect(normalized.attributes).toEqual(span.attributes);
        expect(normalized.convention?.split('+')).toContain(mapper.name);
      }
    });

    it('reports as unmapped exactly the attributes no mapper read', () => {
      for (const { span } of detected) {
        const reader = new AttributeReader(span.attributes);
        mapper.map(span, reader);
        const { unmappedAttributes } = applyConventions(span);
        for (const key of reader.used) expect(unmappedAttributes, `${span.name}: ${key}`).not.toContain(key);
        for (const key of unmappedAttributes) expect(Object.keys(span.attributes)).toContain(key);
      }
    });

    it('never throws on attributes of the wrong type and still yields a valid span', () => {
      for (const { span, resource, scope } of detected) {
        const scrambled = { ...span, attributes: scramble(span.attributes) };
        const normalized = otlpSpanToNormalized(scrambled, { resource, scope });
        const result = normalizedSpanSchema.safeParse(normalized);
        expect(result.success, `${span.name}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    });

    it('maps its fixtures as recorded in the snapshot', () => {
      const mapped = detected.map(({ fixture, span }) => {
        const reader = new AttributeReader(span.attributes);
        return { fixture, span: span.name, fields: mapper.map(span, reader) };
      });
      expect(mapped).toMatchSnapshot();
    });
  });
}
