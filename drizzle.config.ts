// drizzle-kit configuration: generates SQL migrations from server/store/schema into migrations/.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/store/schema/*.ts',
  out: './migrations',
});
