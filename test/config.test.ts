import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../server/config.ts';

describe('readConfig', () => {
  it('applies defaults on an empty environment', () => {
    expect(readConfig({})).toEqual({ port: 3000, databaseUrl: undefined, dataDir: './.loupe', adminToken: undefined, proxyRouting: null });
  });

  it('treats empty variables as unset', () => {
    expect(readConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it('names every bad variable in one error', () => {
    expect(() => readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOUPE_ADMIN_TOKEN: 'short' })).toThrow(
      /PORT: .*\n\s+DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\n\s+LOUPE_ADMIN_TOKEN: must be at least 16 characters/,
    );
  });

  describe('LOUPE_PROXY_CONFIG', () => {
    const write = (content: string) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'loupe-proxy-')), 'proxy.json');
      writeFileSync(file, content);
      return file;
    };

    it('reads routing per project, with ${VAR} replaced from the environment and defaults filled in', () => {
      const file = write(JSON.stringify({ projects: { default: { targets: [{ name: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: '${OPENAI_KEY}' }] } } }));
      const config = readConfig({ LOUPE_PROXY_CONFIG: file, OPENAI_KEY: 'sk-from-env' });
      expect(config.proxyRouting?.default?.targets[0]).toMatchObject({ apiKey: 'sk-from-env', provider: 'openai', weight: 1 });
      expect(config.proxyRouting?.default?.retry).toMatchObject({ maxRetries: 2, statuses: [408, 429, 500, 502, 503, 504] });
    });

    it('names the file and the field that is wrong, and unset variables', () => {
      const badUrl = write(JSON.stringify({ projects: { default: { targets: [{ name: 'x', baseUrl: 'ftp://nope' }], rules: [{ targets: ['y'] }] } } }));
      expect(() => readConfig({ LOUPE_PROXY_CONFIG: badUrl })).toThrow(/LOUPE_PROXY_CONFIG \(.*proxy\.json\): projects\.default\.targets\.0\.baseUrl: must be an http\(s\) URL/);
      expect(() => readConfig({ LOUPE_PROXY_CONFIG: badUrl })).toThrow(/projects\.default\.rules\.0\.targets\.0: no target named "y"/);
      const unset = write('{"projects":{"default":{"targets":[{"name":"x","baseUrl":"http://a","apiKey":"${MISSING_KEY}"}]}}}');
      expect(() => readConfig({ LOUPE_PROXY_CONFIG: unset })).toThrow(/unset environment variables MISSING_KEY/);
      expect(() => readConfig({ LOUPE_PROXY_CONFIG: '/nonexistent/proxy.json' })).toThrow(/cannot be read \(ENOENT\)/);
      expect(() => readConfig({ LOUPE_PROXY_CONFIG: write('{oops') })).toThrow(/not valid JSON/);
    });
  });
});
