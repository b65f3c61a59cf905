// @loupe/sdk: the package's one barrel.
export { loupeAttributes, type SpanKindName } from './attributes.ts';
export { type SpanContextAttributes, withContext } from './context.ts';
export { LoupeExporter, type LoupeExporterOptions } from './exporter.ts';
export { InMemoryExporter } from './in-memory-exporter.ts';
export { type InitOptions, type Loupe, init } from './init.ts';
export { type ManualSpan, type ObserveOptions, observe, setMetadata, setSession, setTags, setUser, startSpan } from './observe.ts';
export { LoupeSpanProcessor, type LoupeSpanProcessorOptions, type ProcessorStats } from './processor.ts';
export { type ScoreOptions, type ScoreTarget, score } from './score.ts';
export { wrapOpenAI } from './wrap-openai.ts';
