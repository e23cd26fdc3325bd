/**
 * `--json` end to end: a script reads one JSON event per line on stdout (phases, tasks, the verdict last)
 * from init, plan and phase, and why a run was refused. Its own deployment name (events).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../support/cli.js';
import { removeDeployment } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'events';
const flags = imageFlags({ name });
const statuses = ['ok', 'changed', 'warning', 'failed', 'skipped'];

type Event = Record<string, unknown> & { event: string };

/** Every line of stdout is an event: one that is not JSON fails the test, named. */
function events(stdout: string): Event[] {
  const lines = stdout.split('\n').filter((l) => l !== '');
  return lines.map((line) => {
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(line)), `not JSON: ${line}`).not.toThrow();
    expect(parsed, line).toMatchObject({ event: expect.any(String), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    return parsed as Event;
  });
}

/** Each task event names the phase announced before it, and has a status. */
function expectTasksUnderTheirPhases(all: Event[]): Event[] {
  let phase: unknown;
  const tasks: Event[] = [];
  for (const e of all) {
    if (e.event === 'phase') phase = e.id;
    if (e.event !== 'task') continue;
    expect(e.phase, JSON.stringify(e)).toBe(phase);
    expect(statuses, JSON.stringify(e)).toContain(e.status);
    expect(typeof e.title === 'string' && typeof e.message === 'string', JSON.stringify(e)).toBe(true);
    tasks.push(e);
  }
  return tasks;
}

function secretValues(dir: string): string[] {
  return ['generated.env', 'client.env'].flatMap((f) => readFileSync(join(dir, 'secrets', f), 'utf8').split('\n'))
    .map((l) => l.split('=').slice(1).join('='))
    .filter((v) => v.length >= 8);
}

beforeAll(() => removeDeployment(name));
afterAll(() => removeDeployment(name));

describe('--json events', () => {
  // One deployment for the tests of this block, in order.
  const dir = tempDir();

  it('init --yes --json: phases A to G in order, every task with its status, no secret, exit 0 last', async () => {
    const r = await cli(['init', '--yes', '--json', '--dir', dir, ...flags]);
    const all = events(r.stdout);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(all[0]?.event).toBe('start');
    expect(all.filter((e) => e.event === 'phase').map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const tasks = expectTasksUnderTheirPhases(all);
    expect(tasks.length).toBeGreaterThan(15);
    expect(tasks.filter((t) => t.status === 'failed')).toEqual([]);
    expect(tasks.some((t) => t.status === 'changed')).toBe(true);
    expect(all.at(-2)).toMatchObject({ event: 'end', message: expect.stringMatching(/^Phases A to G done/) });
    expect(all.at(-1)).toMatchObject({ event: 'exit', code: 0, result: 'ok' });
    const secrets = secretValues(dir);
    expect(secrets.length).toBeGreaterThan(1);
    for (const s of secrets) expect(r.stdout).not.toContain(s);
  }, 300_000);

  it('plan --json: every check as a task event, nothing to change, exit 0; a drift is a changed task with its diff', async () => {
    const r = await cli(['plan', '--json', '--dir', dir]);
    const all = events(r.stdout);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(all.filter((e) => e.event === 'phase').map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const tasks = expectTasksUnderTheirPhases(all);
    expect(tasks.length).toBeGreaterThan(15);
    expect(tasks.filter((t) => t.status === 'changed' || t.status === 'failed')).toEqual([]);
    expect(all.filter((e) => e.event === 'diff')).toEqual([]);
    expect(all.at(-2)).toMatchObject({ event: 'info', message: 'Nothing to change.' });
    expect(all.at(-1)).toMatchObject({ event: 'exit', code: 0, result: 'ok' });

    // A generated file edited by hand: its task would change it, and the diff follows as its own event.
    const config = join(dir, 'litellm/config/config.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace('json_logs: true', 'json_logs: false'));
    const drift = await cli(['plan', '--json', '--exit-code', '--dir', dir]);
    writeFileSync(config, original);
    const drifted = events(drift.stdout);
    expect(drift.code).toBe(1);
    // Phase C would rewrite it; phase E would then restart LiteLLM, which read the old one.
    const changed = expectTasksUnderTheirPhases(drifted).filter((t) => t.status === 'changed');
    expect(changed.map((t) => t.phase)).toEqual(['c', 'e']);
    for (const t of changed) expect(t.message).toMatch(/^would change: /);
    expect(drifted.filter((e) => e.event === 'diff')).toEqual([expect.objectContaining({ phase: 'c', task: changed[0]!.title, text: expect.stringContaining('+  json_logs: true') })]);
    expect(drifted.at(-1)).toMatchObject({ event: 'exit', code: 1, result: 'phaseFailed' });
  });

  it('phase e --json: phase E alone, proven again, exit 0', async () => {
    const r = await cli(['phase', 'e', '--json', '--dir', dir]);
    const all = events(r.stdout);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(all.filter((e) => e.event === 'phase').map((e) => e.id)).toEqual(['e']);
    const tasks = expectTasksUnderTheirPhases(all);
    expect(tasks.length).toBeGreaterThan(3);
    expect(tasks.filter((t) => t.status === 'failed')).toEqual([]);
    expect(all.at(-1)).toMatchObject({ event: 'exit', code: 0, result: 'ok' });
  });

  it('refused input: exit 2, an error event naming the problem and its fix, then the exit event', async () => {
    const fresh = tempDir();
    const r = await cli(['init', '--json', '--dir', fresh, ...flags, '--litellm-port', '99999']);
    const all = events(r.stdout);
    expect(r.code).toBe(2);
    expect(all.filter((e) => e.event === 'phase')).toEqual([]);
    expect(all.at(-2)).toMatchObject({ event: 'error', message: expect.stringMatching(/--litellm-port: Port 99999 is out of range/), fix: expect.stringMatching(/--litellm-port/) });
    expect(all.at(-1)).toMatchObject({ event: 'exit', code: 2, result: 'usage' });
    // A person reading stderr is told too.
    expect(r.stderr).toMatch(/error: --litellm-port: Port 99999 is out of range/);

    // A command line commander refuses is an event as well: the key would be a raw line among the JSON.
    const both = await cli(['init', '--json', '--show-key', '--dir', fresh]);
    expect(both.code).toBe(2);
    expect(events(both.stdout).at(-2)).toMatchObject({ event: 'error', message: "option '--json' cannot be used with option '--show-key'" });
  });
});
