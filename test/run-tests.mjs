// Runs the two halves of the suite at once: the deployment files (legacy names, one at a time) and the
// files that touch only their own containers (vitest.isolated.config.ts). The first streams; the second
// is printed whole when it ends, so the two never interleave. Exit code: the worse of the two.
import { spawn } from 'node:child_process';

const run = (args, stream) =>
  new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...args], { stdio: ['ignore', stream ? 'inherit' : 'pipe', stream ? 'inherit' : 'pipe'] });
    let buffered = '';
    if (!stream) {
      child.stdout.on('data', (d) => (buffered += d));
      child.stderr.on('data', (d) => (buffered += d));
    }
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: buffered }));
  });

const started = Date.now();
const [deployments, isolated] = await Promise.all([run([], true), run(['-c', 'vitest.isolated.config.ts'], false)]);
process.stdout.write(`\n==== isolated files (vitest.isolated.config.ts), run beside the deployment files ====\n${isolated.output}\n`);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(`deployment files: exit ${deployments.code}; isolated files: exit ${isolated.code}; ${minutes} min in all\n`);
process.exit(Math.max(deployments.code, isolated.code));
