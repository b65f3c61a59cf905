// Scores: numeric, boolean or categorical judgements attached to a span or a whole trace.
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects.ts';

export const scores = pgTable(
  'scores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    traceId: text('trace_id').notNull(),
    /** Null: the score is about the whole trace. */
    spanId: text('span_id'),
    name: text('name').notNull(),
    dataType: text('data_type').notNull(),
    /** Numeric scores, and booleans as 0/1. */
    numericValue: doublePrecision('numeric_value'),
    /** Categorical scores. */
    stringValue: text('string_value'),
    comment: text('comment'),
    source: text('source').notNull(),
    /** Eval scores: the evaluator version and run that produced them. */
    evaluatorVersionId: uuid('evaluator_version_id'),
    evalRunId: uuid('eval_run_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    /** A trace's scores, and one span's (the spans.search score filter probes it once per span). */
    index('scores_project_id_trace_id_span_id_idx').on(table.projectId, table.traceId, table.spanId),
    index('scores_project_id_name_created_at_idx').on(table.projectId, table.name, table.createdAt),
    /** One score of a name per evaluator version and span, however often runs and retries reach it. */
    uniqueIndex('scores_project_id_evaluator_version_id_trace_id_span_id_name_idx')
      .on(table.projectId, table.evaluatorVersionId, table.traceId, table.spanId, table.name)
      .where(sql`evaluator_version_id is not null`),
    check('scores_data_type_check', sql`data_type in ('numeric', 'boolean', 'categorical')`),
    check('scores_source_check', sql`source in ('sdk', 'api', 'eval')`),
  ],
);
