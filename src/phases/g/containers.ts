/**
 * The running containers' options, read with `docker inspect` and compared with what the generated
 * compose files ask for. A difference means the container was started from something else (an edited
 * file, an old deployment): a warning with the way back. Options left out on purpose are findings with
 * their reason, so the table shows every gap, chosen or not.
 */
import type Docker from 'dockerode';
import type { Context } from '../../core/context.js';
import { projectsOf } from '../../core/paths.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import { projectContainers } from '../../infra/compose-services.js';
import { addedNames } from '../../servers/gateway-servers.js';
import { recipes } from '../../servers/recipes.js';
import type { RecipeId } from '../../servers/server-spec.js';

export interface Wanted {
  capDropAll: boolean;
  readOnly: boolean;
  /** Why not, when an option is left out on purpose. */
  why: { caps?: string; readOnly?: string; user: string };
}

export const wanted: Record<string, Wanted> = {
  litellm: {
    capDropAll: false,
    readOnly: false,
    why: {
      caps: 'LiteLLM runs as root and its start-up writes into its package folder; dropping capabilities is not proven against the real image here',
      readOnly: 'LiteLLM writes its UI pages and Prisma migrations into its package folder at start',
      user: 'the v1.77.3-stable image runs as root; a non-root user loses its Prisma cache under /root (the litellm-non_root image is the alternative)',
    },
  },
  'postgres-mcp': { capDropAll: true, readOnly: true, why: { user: 'postgres-mcp v0.3.0 has no non-root user in its image; it has no capability and a read-only root instead' } },
  postgres: { capDropAll: true, readOnly: false, why: { readOnly: 'PostgreSQL writes its data volume and run folder', user: 'the entrypoint starts as root to fix the data folder, then runs the server as postgres' } },
  redis: { capDropAll: true, readOnly: true, why: { user: 'it runs as the redis user' } },
};

/** An added server: no capability (every recipe drops them), read-only where its recipe says so. */
function wantedForRecipe(recipe: RecipeId): Wanted {
  const r = recipes[recipe];
  return {
    capDropAll: true,
    readOnly: r.readOnlyRoot,
    why: { readOnly: recipe === 'filesystem' ? 'npx unpacks the server package into its cache at start (the served folder itself is mounted read-only)' : 'a custom image may write at run time; not known here', user: 'the image decides its user; supergateway\'s runs as root' },
  };
}

function gaps(service: string, d: Docker.ContainerInspectInfo, w: Wanted | undefined = wanted[service]): { drift: string[]; findings: Finding[] } {
  const drift: string[] = [];
  const findings: Finding[] = [];
  const host = d.HostConfig;
  if (!w) return { drift, findings };
  if (!(host.SecurityOpt ?? []).some((o: string) => /^no-new-privileges(:true|=true)?$/.test(o))) drift.push('no-new-privileges is off');
  if (!(host.Memory && host.Memory > 0)) drift.push('no memory limit');
  if (!(host.PidsLimit && host.PidsLimit > 0)) drift.push('no pids limit');
  if (host.RestartPolicy?.Name !== 'unless-stopped') drift.push(`restart policy ${host.RestartPolicy?.Name || 'none'}`);
  const log = host.LogConfig;
  if (log?.Type !== 'json-file' || !log.Config?.['max-size'] || !log.Config?.['max-file']) drift.push(`logs not rotated (${log?.Type ?? 'no driver'} ${JSON.stringify(log?.Config ?? {})})`);
  const labels = d.Config.Labels ?? {};
  if (labels.logging !== 'enabled' || !labels.project) drift.push('no logging/project labels for log shippers');
  const own = privilegeGaps(service, w, { capDrop: host.CapDrop ?? [], capField: 'CapDrop', readOnly: Boolean(host.ReadonlyRootfs), readOnlyField: 'ReadonlyRootfs', user: d.Config.User });
  return { drift: [...drift, ...own.drift], findings: [...findings, ...own.findings] };
}

/**
 * Capabilities, root file system and user against what the service wants: a difference is drift, an
 * option left out on purpose a finding with its reason. Read from a container (compose) or a service's
 * spec (swarm), whose fields are named differently.
 */
export function privilegeGaps(service: string, w: Wanted, seen: { capDrop: readonly string[]; capField: string; readOnly: boolean; readOnlyField: string; user: string | undefined }): { drift: string[]; findings: Finding[] } {
  const drift: string[] = [];
  const findings: Finding[] = [];
  const dropsAll = seen.capDrop.map((c) => c.toUpperCase().replace(/^CAP_/, '')).includes('ALL');
  if (w.capDropAll && !dropsAll) drift.push('capabilities not dropped');
  if (w.readOnly && !seen.readOnly) drift.push('root file system writable');
  if (!w.capDropAll && !dropsAll) findings.push({ severity: 'low', title: `${service}: default capabilities kept`, evidence: `${seen.capField} ${JSON.stringify(seen.capDrop)}`, accepted: w.why.caps ?? '' });
  if (!w.readOnly && !seen.readOnly) findings.push({ severity: 'info', title: `${service}: writable root file system`, evidence: `${seen.readOnlyField} false`, accepted: w.why.readOnly ?? '' });
  const user = seen.user || 'root';
  if (user === 'root' || user === '0' || user.startsWith('0:')) findings.push({ severity: 'low', title: `${service}: runs as root`, evidence: `User "${seen.user ?? ''}"`, accepted: w.why.user });
  return { drift, findings };
}

export const containersTask = verifyTask('Container options (docker inspect)', async (ctx: Context): Promise<Check> => {
  const docker = (await ctx.infra.docker()).raw;
  const findings: Finding[] = [];
  const drifted: string[] = [];
  const checked: string[] = [];
  for (const project of [projectsOf(ctx.answers.name).connector, projectsOf(ctx.answers.name).gateway]) {
    for (const c of await projectContainers(docker, project)) {
      const d = await docker.getContainer(c.id).inspect();
      const found = gaps(c.service, d);
      findings.push(...found.findings);
      checked.push(c.service);
      if (found.drift.length) drifted.push(`${c.service}: ${found.drift.join(', ')}`);
    }
  }
  for (const spec of ctx.answers.mcpServers) {
    for (const c of await projectContainers(docker, addedNames(ctx.answers.name, spec.name).project)) {
      const found = gaps(spec.name, await docker.getContainer(c.id).inspect(), wantedForRecipe(spec.recipe));
      findings.push(...found.findings);
      checked.push(spec.name);
      if (found.drift.length) drifted.push(`${spec.name}: ${found.drift.join(', ')}`);
    }
  }
  if (checked.length === 0) return { status: 'warning', message: 'no container of this deployment is running', issue: { problem: 'Nothing to inspect.', fix: 'Run `litellm-mcp phase e` to deploy.' } };
  if (drifted.length) {
    return {
      status: 'warning',
      message: `not as generated: ${drifted.join('; ')}`,
      findings: [...findings, ...drifted.map((d): Finding => ({ severity: 'medium', title: 'Container started without its hardening', evidence: d, fix: 'Restore the generated compose files (`litellm-mcp phase b --force`, `phase d --force`), then `litellm-mcp phase e`.' }))],
      issue: { problem: `Containers run without options the generated compose files set: ${drifted.join('; ')}.`, fix: 'Run `litellm-mcp phase b --force` and `phase d --force` if you edited them, then `litellm-mcp phase e`.' },
    };
  }
  return { status: 'ok', message: `${checked.join(', ')}: no-new-privileges, memory and pids limits, restart policy, rotated logs, log labels; as generated`, findings };
});
