// Runs the suite: every file side by side (vitest.config.ts), then, alone, the files that restart the
// Docker engine (vitest.exclusive.config.ts), which would stop every other file's containers.
// Exit code: the worse of the two. A CI log is often read from its end only, so the failures of each
// are printed again last.
import { spawn } from 'node:child_process';

const run = (args) =>
  new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    const take = (out) => (d) => {
      buffered += d;
      out.write(d);
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
const parts = [['files side by side', await run([])]];
process.stdout.write('\n==== exclusive files (vitest.exclusive.config.ts), run alone after the others ====\n');
parts.push(['exclusive files', await run(['-c', 'vitest.exclusive.config.ts'])]);
for (const [name, part] of parts) {
  if (part.code !== 0) process.stdout.write(`\n==== failures in the ${name} ====\n${failures(part.output)}\n`);
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(`${parts.map(([name, part]) => `${name}: exit ${part.code}`).join('; ')}; ${minutes} min in all\n`);
process.exit(Math.max(...parts.map(([, part]) => part.code)));
