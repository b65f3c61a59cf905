// An exclusive lock file holding the owner's pid, so two processes never open one embedded database.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';

/** Takes the lock or throws naming the process that holds it; returns the release function. */
export function acquireDirectoryLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(lockPath, 'wx');
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (isProcessAlive(owner)) {
        throw new Error(
          `${lockPath} is held by process ${owner}: another Loupe process is using this data directory. ` +
            'Stop it, or set DATABASE_URL to share a PostgreSQL database between processes.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
