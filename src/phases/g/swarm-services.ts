/**
 * Phase G on a swarm: the services' specs, as the swarm holds them, compared with what the stack files
 * ask for. A spec, not a container: a task may run on another node, and the swarm starts every task from
 * the spec. The same table of wanted options as on compose (containers.ts); what a swarm service cannot
 * set is a finding with its reason, not a difference.
 */
import type { Context } from '../../core/context.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import { privilegeGaps, wanted } from './containers.js';
import { swarmServices, type ServiceSpecLike } from '../../infra/swarm-services.js';

export function specGaps(service: string, spec: ServiceSpecLike): { drift: string[]; findings: Finding[] } {
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
  const own = privilegeGaps(service, w, { capDrop: c.CapabilityDrop ?? [], capField: 'CapabilityDrop', readOnly: Boolean(c.ReadOnly), readOnlyField: 'ReadOnly', user: c.User });
  drift.push(...own.drift);
  findings.push(...own.findings);
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
