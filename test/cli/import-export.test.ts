import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cliPath = path.resolve(import.meta.dirname, '../../server/cli/loupe.mjs');

describe('loupe import and loupe export', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'loupe-cli-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cliPath, ...args], { env: { ...environment, LOUPE_DATA_DIR: path.join(directory, 'data') }, encoding: 'utf8' });

  it('imports a file with a progress report and rejected lines, then exports it as re-importable JSONL', () => {
    expect(run('keys', 'create', '--project', 'cli').status).toBe(0);
    const file = path.join(directory, 'calls.jsonl');
    writeFileSync(file, `${JSON.stringify({ prompt: 'a', completion: 'b', timestamp: '2025-11-23T00:00:00Z' })}\n{oops\n`);
    const imported = run('import', file, '--project', 'cli');
    expect(imported.stderr).toContain('1 spans stored, 1 lines rejected');
    expect(imported.stderr).toContain('line 2: not valid JSON');
    expect(imported.status).toBe(0);

    const out = path.join(directory, 'export.jsonl');
    const exported = run('export', '--project', 'cli', '--out', out);
    expect(exported.status).toBe(0);
    const [line] = readFileSync(out, 'utf8').trim().split('\n');
    expect(JSON.parse(line ?? '{}')).toMatchObject({ input: 'a', output: 'b', source: 'import' });

    const unknownFormat = run('import', file, '--format', 'xml');
    expect(unknownFormat.status).toBe(1);
    expect(unknownFormat.stderr).toContain('--format xml: must be one of');
  });
});
