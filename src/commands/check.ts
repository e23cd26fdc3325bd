/**
 * `check`: a fast read-only probe of the running deployment, for cron or a monitor. One line per check,
 * exit 0 when all hold and 1 when any does not (degraded); `--json` for machines. It takes no lock and
 * writes nothing: it may run while another command works.
 */
import { join } from 'node:path';
import { readClientKey } from '../core/client-key.js';
import { deploymentPaths, projectsOf } from '../core/paths.js';
import { redact } from '../core/redact.js';
import { loadState } from '../core/state.js';
import { errorMessage } from '../core/errors.js';
import { hostAddress } from '../infra/host-address.js';
import type { Answers } from '../core/answers.js';
import { appliedAnswers, resolveDir, type GlobalOptions } from './deployment.js';

export interface CheckFlags extends GlobalOptions {
  json?: boolean;
}

interface Probe {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

async function timed(name: string, run: () => Promise<{ ok: boolean; detail: string }>): Promise<Probe> {
  const started = performance.now();
  try {
    const r = await run();
    return { name, ...r, detail: redact(r.detail), ms: Math.round(performance.now() - started) };
  } catch (error) {
    // fetch says only "fetch failed": the cause (ECONNREFUSED, a timeout) is what a person acts on.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause ? ` (${cause.code ?? cause.message})` : '';
    return { name, ok: false, detail: redact(`${errorMessage(error)}${why}`), ms: Math.round(performance.now() - started) };
  }
}

/**
 * On a swarm: every service of both stacks runs the tasks it should, each of the current spec and past its
 * healthcheck, as the swarm records it. The other probes go to the published port, as clients do.
 */
async function swarmServicesProbe(a: Answers): Promise<{ ok: boolean; detail: string }> {
  const [{ default: Docker }, { stackState }] = await Promise.all([import('dockerode'), import('../phases/e/swarm-deploy.js')]);
  const api = new Docker();
  const projects = projectsOf(a.name);
  const states = [...(await stackState(api, projects.connector)), ...(await stackState(api, projects.gateway))];
  if (states.length === 0) return { ok: false, detail: 'no service of this deployment exists (run `litellm-mcp phase e`)' };
  const bad = states.filter((s) => s.running !== s.wanted || (s.update !== undefined && s.update !== 'completed'));
  const said = (s: (typeof states)[number]) => `${s.name} ${s.running}/${s.wanted}${s.update && s.update !== 'completed' ? ` (update ${s.update})` : ''}${s.trouble[0] ? ` (${s.trouble[0]})` : ''}`;
  return { ok: bad.length === 0, detail: bad.length ? bad.map(said).join(', ') : `${states.length} services, every task running and healthy: ${states.map((s) => `${s.name} ${s.running}/${s.wanted}`).join(', ')}` };
}

export async function check(flags: CheckFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = appliedAnswers(paths, loadState(paths.stateFile), env);
  const base = `http://${hostAddress(answers.bindAddress)}:${answers.litellmPort}`;
  const key = readClientKey(paths.clientKeyFile);

  const probes = await Promise.all([
    answers.target === 'swarm' ? timed('services', () => swarmServicesProbe(answers)) : timed('containers', async () => {
      const [{ default: Docker }, { projectContainers }] = await Promise.all([import('dockerode'), import('../infra/compose-services.js')]);
      const docker = new Docker();
      const { addedNames } = await import('../servers/gateway-servers.js');
      const added = await Promise.all(answers.mcpServers.map((s) => projectContainers(docker, addedNames(answers.name, s.name).project)));
      const all = [...(await projectContainers(docker, projectsOf(answers.name).connector)), ...(await projectContainers(docker, projectsOf(answers.name).gateway)), ...added.flat()];
      const bad = all.filter((c) => c.state !== 'running' || (c.health !== undefined && c.health !== 'healthy'));
      if (all.length === 0) return { ok: false, detail: 'no container of this deployment exists (run `litellm-mcp phase e`)' };
      return { ok: bad.length === 0, detail: bad.length ? bad.map((c) => `${c.name} ${c.state}${c.health ? ` ${c.health}` : ''}`).join(', ') : `${all.length} running and healthy` };
    }),
    timed('litellm ready', async () => {
      const r = await fetch(`${base}/health/readiness`, { signal: AbortSignal.timeout(2500) });
      const body = (await r.json().catch(() => ({}))) as { status?: string; db?: string };
      return { ok: r.status === 200 && body.status === 'connected', detail: `${r.status} status ${body.status ?? '?'}, db ${body.db ?? '?'}` };
    }),
    timed('client key', async () => {
      if (!key) return { ok: false, detail: 'no secrets/client.env (run `litellm-mcp phase f`)' };
      const r = await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(2500) });
      return { ok: r.status === 200, detail: `GET /v1/models with it → ${r.status}` };
    }),
    timed('mcp tools via gateway', async () => {
      if (!key) return { ok: false, detail: 'no client key to list them with' };
      const { withMcpClient } = await import('../infra/mcp-client.js');
      const tools = await withMcpClient(`${base}/mcp/`, 'http', { 'x-litellm-api-key': `Bearer ${key}` }, 2500, async (c) => (await c.listTools()).tools.map((t) => t.name));
      const ours = tools.filter((t) => t.startsWith(`${answers.mcpServerName}-`));
      return { ok: ours.length > 0, detail: `${ours.length} ${answers.mcpServerName}- tool(s) listed on /mcp/` };
    }),
    timed('last backup', async () => {
      const { listBackups } = await import('../backup/backup-files.js');
      const newest = listBackups(join(paths.dir, 'backups'))[0];
      // None yet is said, not failed: a fresh deployment has none. A schedule that stopped is a failure.
      if (!newest) return { ok: true, detail: 'none yet (`litellm-mcp backup --schedule` prints a nightly schedule)' };
      const hours = (Date.now() - newest.at.getTime()) / 3_600_000;
      return { ok: hours <= 48, detail: `${newest.name}, ${hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`} old${hours > 48 ? ' (older than two days)' : ''}` };
    }),
  ]);

  const healthy = probes.every((p) => p.ok);
  if (flags.json) stdout.write(`${JSON.stringify({ healthy, checks: probes }, null, 2)}\n`);
  else {
    for (const p of probes) stdout.write(`${p.ok ? 'ok  ' : 'FAIL'}  ${p.name}: ${p.detail} (${p.ms} ms)\n`);
    stdout.write(healthy ? 'healthy\n' : 'degraded\n');
  }
  return healthy ? 0 : 1;
}
