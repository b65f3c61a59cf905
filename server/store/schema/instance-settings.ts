// Instance-wide settings such as the generated admin token's hash; one row per key.
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
