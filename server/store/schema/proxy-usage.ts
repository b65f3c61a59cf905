// Proxy budget counters: per API key and window, reserved before a call and settled after it.
import { bigint, doublePrecision, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects.ts';

export const proxyUsage = pgTable(
  'proxy_usage',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    keyId: uuid('key_id').notNull(),
    /** minute | hour | day | month | total */
    window: text('window').notNull(),
    /** Start of the window (UTC); the epoch for `total`. */
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    tokens: bigint('tokens', { mode: 'number' }).notNull().default(0),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.keyId, table.window, table.windowStart] })],
);
