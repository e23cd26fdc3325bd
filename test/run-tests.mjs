// Runs the two halves of the suite at once: the deployment files (legacy names, one at a time) and the
// files that touch only their own containers (vitest.isolated.config.ts). The first streams; the second
// is printed whole when it ends, so the two never interleave. Exit code: the worse of the two.
// A CI log is often read from its end only, so the failures of both halves are printed again last.
import { spawn } from 'node:child_process';

const run = (args, stream) =>
  new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    const take = (out) => (d) => {
      buffered += d;
      if (stream) out.write(d);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: buffered }));
  });

// vitest's own block of failures: from its "Failed Tests" rule to the summary, colours removed.
const failures = (output) => {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const start = plain.search(/⎯+ Failed (Tests|Suites) \d+ ⎯+/);
  if (start < 0) return plain.split('\n').filter((l) => /\bFAIL\b|×|✗/.test(l)).join('\n');
  const end = plain.indexOf(' Test Files ', start);
  const block = plain.slice(start, end < 0 ? undefined : end).split('\n');
  return block.length > 400 ? [...block.slice(0, 400), `... ${block.length - 400} more lines above in the log`].join('\n') : block.join('\n');
};

const started = Date.now();
const [deployments, isolated] = await Promise.all([run([], true), run(['-c', 'vitest.isolated.config.ts'], false)]);
process.stdout.write(`\n==== isolated files (vitest.isolated.config.ts), run beside the deployment files ====\n${isolated.output}\n`);
for (const [name, half] of [['deployment files', deployments], ['isolated files', isolated]]) {
  if (half.code !== 0) process.stdout.write(`\n==== failures in the ${name} ====\n${failures(half.output)}\n`);
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(`deployment files: exit ${deployments.code}; isolated files: exit ${isolated.code}; ${minutes} min in all\n`);
process.exit(Math.max(deployments.code, isolated.code));
