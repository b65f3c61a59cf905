// Evaluator versions: the kind and validated config of one edit; never changed once written, so scores stay explained.
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { evaluators } from './evaluators.ts';
import { projects } from './projects.ts';

export const evaluatorVersions = pgTable(
  'evaluator_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => evaluators.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    /** The kind's config (code, matcher settings, judge prompt), validated by server/eval/evaluator-config.ts. */
    config: jsonb('config').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('evaluator_versions_evaluator_id_version_idx').on(table.evaluatorId, table.version)],
);
