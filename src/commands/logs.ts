/**
 * `logs [service] [--since 10m] [--tail N]`: the logs of this deployment's containers, every known
 * secret hidden (LiteLLM logs request details; a key may be in them). Each line is prefixed with its
 * service, as `docker compose logs` does. Read-only, no lock.
 */
import { readClientKey } from '../core/client-key.js';
import { UsageError } from '../core/errors.js';
import { deploymentPaths, legacyName, projectsOf } from '../core/paths.js';
import { redact } from '../core/redact.js';
import { readSecrets } from '../core/secrets.js';
import type Docker from 'dockerode';
import type { Answers } from '../core/answers.js';
import { loadSavedAnswers, resolveDir, type GlobalOptions } from './deployment.js';

export interface LogsFlags extends GlobalOptions {
  since?: string;
  tail?: string;
}

/** Docker's `since`: seconds since the epoch; a relative "10m", "2h", "1d", "30s" is turned into one. */
export function sinceSeconds(since: string, now = Date.now()): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(since.trim());
  if (m) return Math.floor(now / 1000) - Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new UsageError(`--since "${since}" is neither a duration nor a time.`, 'Use e.g. --since 10m, 2h, 1d or an ISO time such as 2026-12-02T10:00:00Z.');
  return Math.floor(t / 1000);
}

export async function logs(service: string | undefined, flags: LogsFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  // Registered with the redactor as they are read.
  readSecrets(paths.secretsFile);
  readClientKey(paths.clientKeyFile);
  const tail = flags.tail === undefined ? 200 : Number(flags.tail);
  if (!Number.isInteger(tail) || tail <= 0) throw new UsageError(`--tail "${flags.tail}" is not a positive whole number.`, 'Use e.g. --tail 100.');
  const since = flags.since === undefined ? undefined : sinceSeconds(flags.since);

  const [{ default: Docker }, { projectContainers }, { demux }] = await Promise.all([import('dockerode'), import('../infra/compose-services.js'), import('../infra/docker-logs.js')]);
  const docker = new Docker();
  const saved = loadSavedAnswers(paths);
  if (saved?.target === 'swarm') return swarmLogs(docker, saved, service, { tail, ...(since !== undefined ? { since } : {}) }, stdout);
  const projects = projectsOf(saved?.name ?? legacyName);
  const all = [...(await projectContainers(docker, projects.connector)), ...(await projectContainers(docker, projects.gateway))];
  // Servers added with `mcp add` go by their server name (each one's compose service is "server").
  const { addedNames } = await import('../servers/gateway-servers.js');
  for (const spec of saved?.mcpServers ?? []) {
    for (const c of await projectContainers(docker, addedNames(saved?.name ?? legacyName, spec.name).project)) all.push({ ...c, service: spec.name });
  }
  const chosen = service ? all.filter((c) => c.service === service) : all;
  if (chosen.length === 0) {
    const known = all.map((c) => c.service).join(', ');
    throw new UsageError(service ? `No container for the service "${service}".` : 'No container of this deployment exists.', known ? `Services: ${known}.` : 'Deploy it first: `litellm-mcp phase e`.');
  }
  const width = Math.max(...chosen.map((c) => c.service.length));
  for (const c of chosen) {
    const raw = (await docker.getContainer(c.id).logs({ stdout: true, stderr: true, follow: false, tail, timestamps: true, ...(since !== undefined ? { since } : {}) })) as unknown as Buffer;
    for (const line of demux(raw).split('\n')) if (line.trim() !== '') stdout.write(`${c.service.padEnd(width)} | ${redact(line)}\n`);
  }
  return 0;
}

/**
 * On a swarm: each service's log (`docker service logs`: every task's, wherever it runs), prefixed with the
 * service and the task's slot when it has more than one (`litellm.2`).
 */
async function swarmLogs(docker: Docker, a: Answers, service: string | undefined, o: { tail: number; since?: number }, stdout: NodeJS.WritableStream): Promise<number> {
  const [{ swarmServices }, { demux }] = await Promise.all([import('../infra/swarm-services.js'), import('../infra/docker-logs.js')]);
  const all = await swarmServices(docker, a);
  const chosen = service ? all.filter((s) => s.service === service) : all;
  if (chosen.length === 0) {
    const known = all.map((s) => s.service).join(', ');
    throw new UsageError(service ? `No service "${service}" in this deployment's stacks.` : 'No service of this deployment exists.', known ? `Services: ${known}.` : 'Deploy it first: `litellm-mcp phase e`.');
  }
  const slots = new Map<string, number>();
  // Only the chosen services' tasks: a swarm may run many other stacks.
  for (const t of await docker.listTasks({ filters: { service: chosen.map((s) => s.id) } })) if (t.ID) slots.set(t.ID, t.Slot ?? 0);
  const width = Math.max(...chosen.map((s) => s.service.length)) + 3;
  for (const s of chosen) {
    // `details` adds the task's id to each line (as `docker service logs` shows it), read back here.
    const raw = (await docker.getService(s.id).logs({ stdout: true, stderr: true, follow: false, tail: o.tail, timestamps: true, details: true, ...(o.since !== undefined ? { since: o.since } : {}) })) as unknown as Buffer;
    const replicated = (s.spec as { Mode?: { Replicated?: { Replicas?: number } } }).Mode?.Replicated?.Replicas ?? 1;
    for (const line of demux(raw).split('\n')) {
      if (line.trim() === '') continue;
      const m = /^(\S+) (\S*com\.docker\.swarm\.task\.id=([a-z0-9]+)\S*) (.*)$/.exec(line);
      const task = m?.[3];
      const label = replicated > 1 && task ? `${s.service}.${slots.get(task) ?? '?'}` : s.service;
      stdout.write(`${label.padEnd(width)} | ${redact(m ? `${m[1]} ${m[4]}` : line)}\n`);
    }
  }
  return 0;
}
