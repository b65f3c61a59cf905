// A test app served over a real loopback socket, for clients (OTel exporters, SDKs) that need a URL.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type TestApp, startTestApp } from './app.ts';

export type TestServer = TestApp & { baseUrl: string };

export async function startTestServer(): Promise<TestServer> {
  const harness = await startTestApp();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: harness.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...harness,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
