// Spans: the normalized span of every input path; identity (project_id, trace_id, span_id).
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { projects } from './projects.ts';

export const spans = pgTable(
  'spans',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    traceId: text('trace_id').notNull(),
    spanId: text('span_id').notNull(),
    parentSpanId: text('parent_span_id'),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    startTimeUnixNano: bigint('start_time_unix_nano', { mode: 'bigint' }).notNull(),
    endTimeUnixNano: bigint('end_time_unix_nano', { mode: 'bigint' }).notNull(),
    durationMs: doublePrecision('duration_ms').generatedAlwaysAs(
      sql`(end_time_unix_nano - start_time_unix_nano)::double precision / 1000000`,
    ),
    status: text('status').notNull(),
    statusMessage: text('status_message'),
    model: text('model'),
    provider: text('provider'),
    input: jsonb('input'),
    output: jsonb('output'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    totalTokens: integer('total_tokens').generatedAlwaysAs(
      sql`case when input_tokens is null and output_tokens is null then null
        else coalesce(input_tokens, 0) + coalesce(output_tokens, 0) end`,
    ),
    cacheReadTokens: integer('cache_read_tokens'),
    reasoningTokens: integer('reasoning_tokens'),
    costUsd: numeric('cost_usd', { precision: 20, scale: 10, mode: 'number' }),
    costProvenance: jsonb('cost_provenance'),
    ttftMs: doublePrecision('ttft_ms'),
    userId: text('user_id'),
    sessionId: text('session_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb('metadata').notNull().default(sql`'{}'::jsonb`),
    attributes: jsonb('attributes').notNull().default(sql`'{}'::jsonb`),
    events: jsonb('events').notNull().default(sql`'[]'::jsonb`),
    links: jsonb('links').notNull().default(sql`'[]'::jsonb`),
    resource: jsonb('resource').notNull().default(sql`'{}'::jsonb`),
    scope: jsonb('scope').notNull().default(sql`'{}'::jsonb`),
    source: text('source').notNull(),
    convention: text('convention'),
    unmappedAttributes: text('unmapped_attributes').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Btree keys are ascending: scanned forward they serve `order asc`, backward `order desc` (NULLS FIRST),
  // so one index covers both sort orders of spans.search.
  (table) => [
    primaryKey({ name: 'spans_pkey', columns: [table.projectId, table.traceId, table.spanId] }),
    // The trailing columns (drizzle has no INCLUDE) let metrics.timeseries run as an index-only scan:
    // at 1M spans a day's dashboard reads ~100 MB of index instead of ~560 MB of heap.
    index('spans_project_id_start_time_unix_nano_idx').on(
      table.projectId,
      table.startTimeUnixNano,
      table.traceId,
      table.spanId,
      table.durationMs,
      table.ttftMs,
      table.status,
      table.kind,
      table.model,
      table.provider,
      table.inputTokens,
      table.outputTokens,
      table.costUsd,
    ),
    index('spans_project_id_name_start_time_unix_nano_idx').on(
      table.projectId,
      table.name,
      table.startTimeUnixNano,
    ),
    index('spans_project_id_model_start_time_unix_nano_idx').on(
      table.projectId,
      table.model,
      table.startTimeUnixNano,
    ),
    index('spans_project_id_user_id_start_time_unix_nano_idx')
      .on(table.projectId, table.userId, table.startTimeUnixNano)
      .where(sql`user_id is not null`),
    index('spans_project_id_session_id_start_time_unix_nano_idx')
      .on(table.projectId, table.sessionId, table.startTimeUnixNano)
      .where(sql`session_id is not null`),
    index('spans_project_id_status_start_time_unix_nano_idx')
      .on(table.projectId, table.startTimeUnixNano)
      .where(sql`status = 'error'`),
    index('spans_tags_idx').using('gin', table.tags),
    index('spans_metadata_idx').using('gin', table.metadata.op('jsonb_path_ops')),
    index('spans_input_output_idx').using(
      'gin',
      sql`(coalesce(${table.input}::text, '') || ' ' || coalesce(${table.output}::text, '')) gin_trgm_ops`,
    ),
    check(
      'spans_kind_check',
      sql`kind in ('llm', 'embedding', 'tool', 'agent', 'chain', 'retriever', 'evaluator', 'guardrail', 'span')`,
    ),
    check('spans_status_check', sql`status in ('ok', 'error', 'unset')`),
    check('spans_source_check', sql`source in ('sdk', 'otlp', 'proxy', 'import')`),
  ],
);
