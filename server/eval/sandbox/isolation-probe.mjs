// Run confined by python-isolation.ts: prints "isolated" only when the environment is empty, the network unreachable,
// host files unreadable and child processes forbidden.
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';

const checks = [];
checks.push(Object.keys(process.env).length === 0 || `environment holds ${Object.keys(process.env).join(', ')}`);
checks.push(await readFile('/etc/hostname').then(() => 'host files are readable', () => true));
checks.push(
  await new Promise((resolve) => {
    const socket = connect(1, '127.0.0.1');
    socket.on('connect', () => resolve('the network is reachable'));
    socket.on('error', (error) => resolve(error.code === 'ECONNREFUSED' ? 'the host network is reachable' : true));
  }),
);
checks.push(await import('node:child_process').then((module) => {
  try {
    module.execFileSync('/bin/true');
    return 'child processes can be started';
  } catch {
    return true;
  }
}));
const problems = checks.filter((check) => check !== true);
console.log(problems.length === 0 ? 'isolated' : problems.join('; '));
