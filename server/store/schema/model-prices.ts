// Per-project model prices: override or extend the built-in price table; matched by regex on the model name.
import { numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects.ts';

const usdPerToken = (name: string) => numeric(name, { precision: 24, scale: 15, mode: 'number' });

export const modelPrices = pgTable(
  'model_prices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    modelPattern: text('model_pattern').notNull(),
    inputPerToken: usdPerToken('input_per_token').notNull(),
    outputPerToken: usdPerToken('output_per_token').notNull(),
    cachedInputPerToken: usdPerToken('cached_input_per_token'),
    reasoningPerToken: usdPerToken('reasoning_per_token'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('model_prices_project_id_model_pattern_idx').on(table.projectId, table.modelPattern)],
);
