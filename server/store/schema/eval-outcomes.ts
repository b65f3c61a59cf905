// Eval outcomes: what happened to each span a run took on (queued, scored, skipped, failed with the reason); the
// primary key makes planning and retried jobs count every span once.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { evalRuns } from './eval-runs.ts';

export const evalOutcomes = pgTable(
  'eval_outcomes',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => evalRuns.id, { onDelete: 'cascade' }),
    traceId: text('trace_id').notNull(),
    spanId: text('span_id').notNull(),
    status: text('status').notNull().default('queued'),
    error: text('error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'eval_outcomes_run_id_trace_id_span_id_pk', columns: [table.runId, table.traceId, table.spanId] }),
    index('eval_outcomes_run_id_status_idx').on(table.runId, table.status),
    check('eval_outcomes_status_check', sql`status in ('queued', 'scored', 'skipped', 'failed')`),
  ],
);
