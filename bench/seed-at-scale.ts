// Seeds N spans in SQL (generate_series): 10-span agent traces over the last 7 days, chat payloads, users,
// tags and errors, plus one 10,000-span trace; and scores on some of them. Far faster than the API, which the ingest benchmarks measure.
import { eq, sql } from 'drizzle-orm';
import type { Store } from '../server/store/db.ts';
import { scores } from '../server/store/schema/scores.ts';

const chunk = 100_000;

export const largeTraceId = 'b1a2c3d4e5f60718293a4b5c6d7e8f90';

function insertRange(projectId: string, total: number, from: number, to: number, nowNano: bigint) {
  const step = 604_800_000_000_000n / BigInt(total);
  return sql`
    insert into spans (project_id, trace_id, span_id, parent_span_id, name, kind, start_time_unix_nano, end_time_unix_nano,
      status, status_message, model, provider, input, output, input_tokens, output_tokens, cost_usd, ttft_ms, user_id,
      session_id, tags, metadata, source, convention)
    select ${projectId}::uuid, md5('t' || (i / 10)), substr(md5('s' || i), 1, 16),
      case when i % 10 = 0 then null else substr(md5('s' || (i - i % 10)), 1, 16) end,
      case when i % 10 = 0 then 'agent' else (array['chat', 'summarize', 'embed', 'search', 'rerank'])[1 + i % 5] end,
      case when i % 10 = 0 then 'agent' when i % 5 = 3 then 'tool' else 'llm' end,
      start_ns, start_ns + (50 + (i * 7919) % 3000)::bigint * 1000000,
      case when i % 33 = 0 then 'error' else 'ok' end,
      case when i % 33 = 0 then 'RateLimitError: 429' end,
      (array['gpt-4o-mini', 'gpt-4o', 'claude-3-5-haiku-20241022', 'claude-3-5-sonnet-20241022', 'o3-mini'])[1 + (i * 7) % 5],
      case when (i * 7) % 5 in (2, 3) then 'anthropic' else 'openai' end,
      jsonb_build_array(jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant.'),
        jsonb_build_object('role', 'user', 'content', 'Question ' || i || ' about ' ||
          (array['penguins', 'volcanoes', 'tax law', 'sourdough', 'rust lifetimes', 'jazz'])[1 + i % 6])),
      jsonb_build_object('role', 'assistant', 'content', 'Answer ' || md5(i::text)),
      20 + i % 500, 5 + i % 200, (20 + i % 500) * 0.00000015 + (5 + i % 200) * 0.0000006, 80 + i % 400,
      'user-' || (i % 1000), 'session-' || (i % 20000),
      case when i % 4 = 0 then array['beta'] else array[]::text[] end,
      jsonb_build_object('region', (array['eu', 'us', 'ap'])[1 + i % 3]), 'sdk', 'loupe-sdk'
    from generate_series(${from}::bigint, ${to}::bigint) as i,
      lateral (select ${nowNano}::bigint - i * ${step}::bigint + (i % 10) * 1000000 as start_ns) as times`;
}

function insertLargeTrace(projectId: string, nowNano: bigint) {
  return sql`
    insert into spans (project_id, trace_id, span_id, parent_span_id, name, kind, start_time_unix_nano, end_time_unix_nano,
      status, model, source)
    select ${projectId}::uuid, ${largeTraceId}, lpad(to_hex(i), 16, '0'),
      case when i = 1 then null when i % 50 = 2 then lpad(to_hex(1), 16, '0') else lpad(to_hex(i - (i - 2) % 50), 16, '0') end,
      'step-' || i, case when i % 2 = 0 then 'llm' else 'tool' end,
      ${nowNano}::bigint - 3600000000000 + i::bigint * 10000000,
      ${nowNano}::bigint - 3600000000000 + i::bigint * 10000000 + (case when i = 1 then 100001 else 8 end)::bigint * 1000000,
      'ok', case when i % 2 = 0 then 'gpt-4o-mini' end, 'sdk'
    from generate_series(1, 10000) as i`;
}

/** Inserts `total` spans plus the large trace, printing progress; returns the seconds taken. */
export async function seedAtScale(store: Store, projectId: string, total: number): Promise<number> {
  const started = Date.now();
  const nowNano = BigInt(Date.now()) * 1_000_000n;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(from + chunk - 1, total);
    await store.db.execute(insertRange(projectId, total, from, to, nowNano));
    process.stdout.write(`\r  seeding ${to.toLocaleString('en')} / ${total.toLocaleString('en')} spans…`);
  }
  await store.db.execute(insertLargeTrace(projectId, nowNano));
  // A settled table, as autovacuum leaves one: the visibility map lets dashboards use index-only scans.
  await store.db.execute(sql`vacuum analyze spans`);
  process.stdout.write('\n');
  return (Date.now() - started) / 1000;
}

/** A "quality" score (0 to 1) on one llm span in eight, as an evaluator would leave; returns how many. */
export async function seedScores(store: Store, projectId: string): Promise<number> {
  await store.db.execute(sql`
    insert into scores (project_id, trace_id, span_id, name, data_type, numeric_value, source)
    select project_id, trace_id, span_id, 'quality', 'numeric', (hashtext(span_id) & 1023) / 1023.0, 'eval'
    from spans where project_id = ${projectId}::uuid and kind = 'llm' and (hashtext(span_id) & 7) = 0`);
  await store.db.execute(sql`vacuum analyze scores`);
  const [row] = await store.db.select({ count: sql<number>`count(*)::int` }).from(scores).where(eq(scores.projectId, projectId));
  return row?.count ?? 0;
}
