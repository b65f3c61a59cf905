// Eval runs: one evaluator version over a span filter, either once over stored spans (posthoc) or on new spans as they
// arrive (continuous, sampled); counters give progress, status and error say how it ended.
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { evaluatorVersions } from './evaluator-versions.ts';
import { projects } from './projects.ts';

export const evalRuns = pgTable(
  'eval_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    evaluatorVersionId: uuid('evaluator_version_id')
      .notNull()
      .references(() => evaluatorVersions.id, { onDelete: 'cascade' }),
    mode: text('mode').notNull(),
    /** The spans.search filter, times resolved to nanoseconds (as strings) when the run was created. */
    filter: jsonb('filter').notNull(),
    samplingRate: doublePrecision('sampling_rate').notNull().default(1),
    maxSpans: integer('max_spans'),
    status: text('status').notNull().default('queued'),
    total: integer('total').notNull().default(0),
    scored: integer('scored').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Spans this evaluator version had already scored (idempotent per version and span). */
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
    /** Continuous runs: spans stored after this instant are still to be sampled. */
    watermark: timestamp('watermark', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    index('eval_runs_project_id_created_at_idx').on(table.projectId, table.createdAt),
    check('eval_runs_mode_check', sql`mode in ('posthoc', 'continuous')`),
    check('eval_runs_status_check', sql`status in ('queued', 'running', 'done', 'failed', 'cancelled')`),
  ],
);
