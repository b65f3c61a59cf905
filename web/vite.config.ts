// Vite config for the web UI: builds web/ into web/dist (served by the server at /); the dev server proxies the API.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = `http://127.0.0.1:${process.env.LOUPE_API_PORT ?? '3000'}`;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/trpc', '/v1', '/api', '/proxy', '/healthz'].map((path) => [path, apiTarget])),
  },
});
