// How the Python sandbox process is confined: no network (new net namespace), no sight of or signals to other processes
// (new pid namespace), an unprivileged user when the server runs as root, an empty environment, and Node's permission
// model (read only Pyodide and the sandbox scripts; no writes, no child processes). Probed once; refused if unavailable.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Isolation = { command: string; args: string[] } | { problem: string };

const sandboxDirectory = path.dirname(fileURLToPath(import.meta.url));
/** The nobody user and group on Debian: owns nothing, so reads only what the world may read. */
const unprivilegedId = '65534';

export function pyodideDirectory(): string {
  return path.dirname(fileURLToPath(import.meta.resolve('pyodide/pyodide.mjs')));
}

function findTool(name: string): string | null {
  return ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((directory) => path.join(directory, name)).find((candidate) => existsSync(candidate)) ?? null;
}

/** Node 20-21 call the permission model experimental; later versions take --permission. */
function permissionFlag(): string {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

/** The command that starts a confined Node process running `script` with `scriptArgs`, or why it cannot be built. */
export function buildIsolatedCommand(script: string, scriptArgs: string[]): Isolation {
  if (process.platform !== 'linux') return { problem: `Python evaluators need Linux namespaces (unshare); this is ${process.platform}` };
  const unshare = findTool('unshare');
  if (!unshare) return { problem: 'Python evaluators need `unshare` (Debian package util-linux) to isolate the interpreter' };
  const isRoot = process.getuid?.() === 0;
  const setpriv = findTool('setpriv');
  if (isRoot && !setpriv) return { problem: 'Python evaluators need `setpriv` (util-linux) to drop root before running user code' };
  const node = [
    process.execPath,
    permissionFlag(),
    `--allow-fs-read=${pyodideDirectory()}/`,
    `--allow-fs-read=${sandboxDirectory}/`,
    '--allow-worker',
    '--no-warnings',
    script,
    ...scriptArgs,
  ];
  const namespaces = ['--net', '--pid', '--fork', '--kill-child', ...(isRoot ? [] : ['--user'])];
  const dropRoot = isRoot && setpriv ? [setpriv, `--reuid=${unprivilegedId}`, `--regid=${unprivilegedId}`, '--clear-groups', '--'] : [];
  return { command: unshare, args: [...namespaces, '--', ...dropRoot, ...node] };
}

let probed: Promise<Isolation> | null = null;

/** Checks once that a confined process starts and has no network; the same command (other script) is then used. */
export function probeIsolation(): Promise<Isolation> {
  probed ??= runProbe();
  return probed;
}

async function runProbe(): Promise<Isolation> {
  const probe = path.join(sandboxDirectory, 'isolation-probe.mjs');
  const built = buildIsolatedCommand(probe, []);
  if ('problem' in built) return built;
  const output = await new Promise<string>((resolve) => {
    execFile(built.command, built.args, { env: {}, timeout: 15_000 }, (error, stdout, stderr) => {
      resolve(error ? `failed: ${(stderr || error.message).trim().split('\n').at(-1)}` : stdout.trim());
    });
  });
  if (output === 'isolated') return buildIsolatedCommand(path.join(sandboxDirectory, 'python-host.mjs'), [pyodideDirectory()]);
  return { problem: `Python evaluators are disabled: the isolated sandbox could not be set up on this machine (${output})` };
}
