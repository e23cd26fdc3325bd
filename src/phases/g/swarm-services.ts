/**
 * Phase G on a swarm: the services' specs, as the swarm holds them, compared with what the stack files
 * ask for. A spec, not a container: a task may run on another node, and the swarm starts every task from
 * the spec. The same table of wanted options as on compose (containers.ts); what a swarm service cannot
 * set is a finding with its reason, not a difference.
 */
import type Docker from 'dockerode';
import type { Context } from '../../core/context.js';
import { projectsOf } from '../../core/paths.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import { wanted } from './containers.js';

interface ServiceSpecLike {
  Name?: string;
  Labels?: Record<string, string>;
  TaskTemplate?: {
    ContainerSpec?: { User?: string; ReadOnly?: boolean; CapabilityDrop?: string[]; Labels?: Record<string, string> };
    Resources?: { Limits?: { MemoryBytes?: number; Pids?: number } };
    RestartPolicy?: { Condition?: string };
    LogDriver?: { Name?: string; Options?: Record<string, string> };
  };
}

export interface SwarmService {
  /** The service's name in its stack (litellm, postgres, redis, postgres-mcp). */
  service: string;
  spec: ServiceSpecLike;
  /** Published ports as `published→target`. */
  ports: string[];
}

/** The services of both stacks of this deployment, by the stack label `docker stack deploy` puts on them. */
export async function swarmServices(api: Docker, a: Context['answers']): Promise<SwarmService[]> {
  const out: SwarmService[] = [];
  for (const stack of [projectsOf(a.name).connector, projectsOf(a.name).gateway]) {
    for (const s of await api.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } })) {
      const spec = s.Spec as ServiceSpecLike;
      const ports = ((s.Endpoint as { Ports?: Array<{ PublishedPort?: number; TargetPort?: number }> } | undefined)?.Ports ?? []).map((p) => `${p.PublishedPort}→${p.TargetPort}`);
      out.push({ service: (spec.Name ?? '').slice(stack.length + 1), spec, ports });
    }
  }
  return out.sort((x, y) => x.service.localeCompare(y.service));
}

function specGaps(service: string, spec: ServiceSpecLike): { drift: string[]; findings: Finding[] } {
  const w = wanted[service];
  const drift: string[] = [];
  const findings: Finding[] = [];
  if (!w) return { drift, findings };
  const c = spec.TaskTemplate?.ContainerSpec ?? {};
  const limits = spec.TaskTemplate?.Resources?.Limits ?? {};
  if (!(limits.MemoryBytes && limits.MemoryBytes > 0)) drift.push('no memory limit');
  if (!(limits.Pids && limits.Pids > 0)) drift.push('no pids limit');
  if (spec.TaskTemplate?.RestartPolicy?.Condition !== 'any') drift.push(`restart condition ${spec.TaskTemplate?.RestartPolicy?.Condition ?? 'none'}`);
  const log = spec.TaskTemplate?.LogDriver;
  if (log?.Name !== 'json-file' || !log.Options?.['max-size'] || !log.Options?.['max-file']) drift.push(`logs not rotated (${log?.Name ?? 'the engine\'s default driver'} ${JSON.stringify(log?.Options ?? {})})`);
  if (c.Labels?.logging !== 'enabled' || !c.Labels?.project) drift.push('no logging/project labels for log shippers');
  const dropsAll = (c.CapabilityDrop ?? []).map((x) => x.toUpperCase().replace(/^CAP_/, '')).includes('ALL');
  if (w.capDropAll && !dropsAll) drift.push('capabilities not dropped');
  if (w.readOnly && !c.ReadOnly) drift.push('root file system writable');
  if (!w.capDropAll && !dropsAll) findings.push({ severity: 'low', title: `${service}: default capabilities kept`, evidence: `CapabilityDrop ${JSON.stringify(c.CapabilityDrop ?? [])}`, accepted: w.why.caps ?? '' });
  if (!w.readOnly && !c.ReadOnly) findings.push({ severity: 'info', title: `${service}: writable root file system`, evidence: 'ReadOnly false', accepted: w.why.readOnly ?? '' });
  const user = c.User || 'root';
  if (user === 'root' || user === '0' || user.startsWith('0:')) findings.push({ severity: 'low', title: `${service}: runs as root`, evidence: `User "${c.User ?? ''}"`, accepted: w.why.user });
  // A swarm service has no no-new-privileges in Docker 20.10: `docker stack deploy` ignores security_opt.
  findings.push({ severity: 'low', title: `${service}: setuid binaries may gain privileges`, evidence: 'a swarm service has no no-new-privileges option in Docker 20.10 (the compose target sets it)', accepted: 'the swarm target; capabilities are dropped where the image allows' });
  return { drift, findings };
}

export const swarmServicesTask = verifyTask('Service options (docker service inspect)', async (ctx: Context): Promise<Check> => {
  const all = await swarmServices((await ctx.infra.docker()).raw, ctx.answers);
  if (all.length === 0) return { status: 'warning', message: 'no service of this deployment exists', issue: { problem: 'Nothing to inspect.', fix: 'Run `litellm-mcp phase e` to deploy.' } };
  const findings: Finding[] = [];
  const drifted: string[] = [];
  for (const s of all) {
    const found = specGaps(s.service, s.spec);
    findings.push(...found.findings);
    if (found.drift.length) drifted.push(`${s.service}: ${found.drift.join(', ')}`);
  }
  const names = all.map((s) => s.service).join(', ');
  if (drifted.length) {
    return {
      status: 'warning',
      message: `not as generated: ${drifted.join('; ')}`,
      findings: [...findings, ...drifted.map((d): Finding => ({ severity: 'medium', title: 'Service deployed without its hardening', evidence: d, fix: 'Restore the generated stack files (`litellm-mcp phase b --force`, `phase d --force`), then `litellm-mcp phase e`.' }))],
      issue: { problem: `Services run without options the generated stack files set: ${drifted.join('; ')}.`, fix: 'Run `litellm-mcp phase b --force` and `phase d --force` if you edited them, then `litellm-mcp phase e`.' },
    };
  }
  return { status: 'ok', message: `${names}: memory and pids limits, restart on any exit, rotated logs, log labels; capabilities and read-only roots as generated`, findings };
});
