/** `--json`: every event is one JSON line on stdout, with its time, its phase and task, and no secret. */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../../src/core/redact.js';
import { jsonOutput } from '../../src/output/json-output.js';

function collected(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

/** Every line parsed; one that is not JSON fails the test here. */
function events(text: string): Array<Record<string, unknown>> {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('jsonOutput', () => {
  afterEach(clearSecrets);

  it('writes one event per line, each with its name, time and fields', () => {
    const stdout = collected();
    const stderr = collected();
    const out = jsonOutput(stdout.stream, stderr.stream);
    expect(out.interactive).toBe(false);
    out.intro('litellm-mcp');
    out.phase('e', 'Deploy and verify');
    const task = out.task('LiteLLM ready');
    out.progress('waiting for /health/readiness', false);
    out.progress('pulled postgres:16-alpine', true);
    task.end({ status: 'failed', message: 'not ready', issue: { problem: 'not ready', cause: 'the database refused', fix: 'start it' }, facts: { url: 'http://127.0.0.1:4000' } });
    out.task('Compose file').end({ status: 'changed', message: 'would change: written' });
    out.text('--- a\n+++ b\n');
    out.info('1 task(s) would change something.');
    out.warn('took over a lock');
    out.error('Stopped.', 'Run it again.');
    out.outro('Done.');

    const all = events(stdout.text());
    expect(all.map((e) => e.event)).toEqual(['start', 'phase', 'progress', 'task', 'task', 'diff', 'info', 'warning', 'error', 'end']);
    for (const e of all) expect(new Date(String(e.at)).toISOString()).toBe(e.at);
    const [start, phase, progress, failed, changed, diff, info, warning, error, end] = all;
    expect(start).toMatchObject({ title: 'litellm-mcp' });
    expect(phase).toMatchObject({ id: 'e', title: 'Deploy and verify' });
    // Only the lasting progress, under its phase and task.
    expect(progress).toMatchObject({ phase: 'e', task: 'LiteLLM ready', text: 'pulled postgres:16-alpine' });
    expect(failed).toMatchObject({ phase: 'e', title: 'LiteLLM ready', status: 'failed', message: 'not ready', problem: 'not ready', cause: 'the database refused', fix: 'start it', facts: { url: 'http://127.0.0.1:4000' } });
    // Fields a task does not have are left out, not null.
    expect(Object.keys(changed!).sort()).toEqual(['at', 'event', 'message', 'phase', 'status', 'title']);
    expect(diff).toMatchObject({ phase: 'e', task: 'Compose file', text: '--- a\n+++ b\n' });
    expect(info).toMatchObject({ message: '1 task(s) would change something.' });
    expect(warning).toMatchObject({ message: 'took over a lock' });
    expect(error).toMatchObject({ message: 'Stopped.', fix: 'Run it again.' });
    expect(end).toMatchObject({ message: 'Done.' });
    // A person reading the log sees the warning and the error too; stdout stays JSON only.
    expect(stderr.text()).toBe('warning: took over a lock\nerror: Stopped.\nfix: Run it again.\n');
  });

  it('hides secrets in every string, and the line stays JSON', () => {
    const stdout = collected();
    const stderr = collected();
    registerSecret('hunter2"\\pw');
    const out = jsonOutput(stdout.stream, stderr.stream);
    const key = 'sk-1234567890abcdefghij';
    out.phase('f', 'Client integration');
    out.task('Client key').end({
      status: 'failed',
      message: `minted ${key}`,
      issue: { problem: `rejected ${key}`, cause: 'postgresql://litellm_user:s3cret@db:5432/litellm_db', fix: 'LITELLM_MASTER_KEY=abc' },
      facts: { key },
      findings: [{ severity: 'high', title: 'key in file', evidence: `found ${key}` }],
    });
    // A pattern run over the serialised line would reach across fields and quotes: each string is redacted alone.
    out.text('url postgresql://u:"p@x" and "@" with hunter2"\\pw');
    out.warn(`key ${key}`);
    out.error(`password hunter2"\\pw`, `not ${key}`);

    const text = stdout.text();
    expect(text).not.toContain('1234567890abcdefghij');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('hunter2');
    const [, task, diff, warning, error] = events(text);
    expect(task).toMatchObject({ message: 'minted sk-***', problem: 'rejected sk-***', cause: 'postgresql://litellm_user:***@db:5432/litellm_db', fix: 'LITELLM_MASTER_KEY=***', facts: { key: 'sk-***' } });
    expect(task!.findings).toEqual([{ severity: 'high', title: 'key in file', evidence: 'found sk-***' }]);
    expect(String(diff!.text)).toContain('with ***');
    expect(warning).toMatchObject({ message: 'key sk-***' });
    expect(error).toMatchObject({ message: 'password ***', fix: 'not sk-***' });
    expect(stderr.text()).not.toMatch(/1234567890abcdefghij|hunter2/);
  });
});
