// Builds the web UI before `npm start` when web/dist is missing or older than any UI source file.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(webRoot, 'dist', 'index.html');

function newestSourceTime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtTime() {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return 0;
  }
}

if (builtTime() < newestSourceTime(webRoot)) {
  console.error('Building the web UI (web/dist)…');
  execFileSync(process.execPath, [join(webRoot, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(webRoot, 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
}
