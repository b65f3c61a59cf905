// A test app served over a real loopback socket, for clients (OTel exporters, SDKs) that need a URL.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { startTestApp, type TestApp } from './app.ts';

export type TestServer = TestApp & {
  baseUrl: string;
  /** Raw OTLP request bodies received on both trace paths (as sent, before decompression), for recording fixtures. */
  otlpBodies: { contentType: string; body: Uint8Array }[];
};

export async function startTestServer(options: Parameters<typeof startTestApp>[0] = {}): Promise<TestServer> {
  const harness = await startTestApp(options);
  const otlpBodies: TestServer['otlpBodies'] = [];
  const fetchAndRecord = async (request: Request) => {
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/v1/traces') && !request.headers.get('content-encoding')) {
      otlpBodies.push({ contentType: request.headers.get('content-type') ?? '', body: new Uint8Array(await request.clone().arrayBuffer()) });
    }
    return harness.app.fetch(request);
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: fetchAndRecord, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...harness,
    baseUrl: `http://127.0.0.1:${port}`,
    otlpBodies,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
