// Once per test run: build the web UI when web/dist is missing or stale, so e2e tests drive the current code.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['web/scripts/build-if-stale.mjs'], { stdio: 'inherit' });
}
