// Loupe SDK attributes: loupe.span.kind, loupe.input/output, loupe.tags, loupe.metadata.*, loupe.ttft_ms.
import { spanKinds, type SpanKind } from '../span.ts';
import { type ConventionMapper, hasKeyWithPrefix, toTagList } from './convention.ts';

export const loupeMapper: ConventionMapper = {
  name: 'loupe',
  detects: ({ attributes }) => hasKeyWithPrefix(attributes, 'loupe.'),
  map: (_input, reader) => {
    const kind = reader.string('loupe.span.kind');
    const metadata = reader.withPrefix('loupe.metadata.');
    return {
      kind: spanKinds.includes(kind as SpanKind) ? (kind as SpanKind) : undefined,
      input: reader.json('loupe.input'),
      output: reader.json('loupe.output'),
      tags: toTagList(reader.raw('loupe.tags')),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
      ttftMs: reader.number('loupe.ttft_ms'),
    };
  },
};
