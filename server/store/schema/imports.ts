// Log-file imports: one row per import with its progress counters; rejected lines live in import_errors.
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { projects } from './projects.ts';

export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    /** Field mapping for the generic formats: span field -> source column/key. */
    mapping: jsonb('mapping').notNull().default(sql`'{}'::jsonb`),
    status: text('status').notNull().default('running'),
    error: text('error'),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    /** Lines fully processed and committed; a resumed import skips these. */
    linesCommitted: integer('lines_committed').notNull().default(0),
    spansImported: integer('spans_imported').notNull().default(0),
    linesRejected: integer('lines_rejected').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    index('imports_project_id_created_at_idx').on(table.projectId, table.createdAt),
    check('imports_status_check', sql`status in ('running', 'done', 'failed')`),
  ],
);

export const importErrors = pgTable(
  'import_errors',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    reason: text('reason').notNull(),
  },
  (table) => [index('import_errors_import_id_line_idx').on(table.importId, table.line)],
);
