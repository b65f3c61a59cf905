// Onboarding for a project with no spans yet: every way to send the first one, with this server's addresses.
import type { Session } from '../lib/session.ts';

export function GettingStarted({ session }: { session: Session | null }) {
  const origin = window.location.origin;
  const key = session?.kind === 'key' ? '<your API key>' : '<a project API key: npx loupe keys create --project NAME>';
  const sdkSnippet = `import { init, wrapOpenAI } from '@loupe/sdk';
import OpenAI from 'openai';

init({ endpoint: '${origin}', apiKey: process.env.LOUPE_API_KEY });
const openai = wrapOpenAI(new OpenAI());
await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });`;
  const otlpSnippet = `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${origin}/v1/traces
OTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Bearer ${key}"`;
  const curlSnippet = `curl -X POST ${origin}/trpc/spans.ingest \\
  -H 'authorization: Bearer ${key}' -H 'content-type: application/json' \\
  -d '{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"chat",
       "kind":"llm","startTime":"${new Date().toISOString()}","endTime":"${new Date(Date.now() + 850).toISOString()}",
       "model":"gpt-4o-mini","input":"Hello","output":"Hi there!","inputTokens":5,"outputTokens":4}]}'`;
  const importSnippet = 'npx loupe import requests.jsonl --project NAME   # OTLP JSON Lines, OpenAI Batch output, JSONL or CSV';
  return (
    <section className="getting-started" aria-label="Send your first span">
      <h2>No spans in this project yet</h2>
      <p className="muted">Send one any of these ways; it appears here within a second.</p>
      <h3>SDK (TypeScript)</h3>
      <pre>{sdkSnippet}</pre>
      <h3>Any OpenTelemetry exporter (OTLP/HTTP, protobuf or JSON)</h3>
      <pre>{otlpSnippet}</pre>
      <p className="muted">
        Langfuse SDKs: point them at <code>{origin}/api/public/otel</code>; the secret key is the Loupe API key.
      </p>
      <h3>One request</h3>
      <pre>{curlSnippet}</pre>
      <h3>Import a log file</h3>
      <pre>{importSnippet}</pre>
    </section>
  );
}
