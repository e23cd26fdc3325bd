/**
 * Phase E on a swarm, before the proofs: the Docker secrets the stack files name are created (values
 * through the API, never an argument), each stack is deployed with `docker stack deploy`, and the phase
 * waits until every service runs its replicas, each task past its healthcheck (a swarm task with a
 * healthcheck is "starting" until it passes, "running" after).
 */
import type Docker from 'dockerode';
import { basename, dirname, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { errorMessage, TaskFailure } from '../../core/errors.js';
import { projectsOf } from '../../core/paths.js';
import { redact } from '../../core/redact.js';
import type { Task } from '../../core/task.js';
import { createdByLabel, ownedBy } from '../../infra/labels.js';
import { readIfExists, sha256 } from '../../infra/files.js';
import { waitingFor } from '../../output/wait-notice.js';
import { stackFiles, stackSecretValues } from '../shared/stack-files.js';

async function existingSecrets(api: Docker): Promise<Set<string>> {
  return new Set((await api.listSecrets()).map((s) => s.Spec?.Name ?? ''));
}

export const swarmSecretsTask: Task = {
  title: 'Docker secrets',
  async check(ctx) {
    const wanted = stackSecretValues(ctx);
    const have = await existingSecrets((await ctx.infra.docker()).raw);
    const missing = [...wanted.keys()].filter((n) => !have.has(n));
    return missing.length ? { status: 'change', message: `to create: ${missing.join(', ')}` } : { status: 'ok', message: `all ${wanted.size} exist` };
  },
  async apply(ctx) {
    const api = (await ctx.infra.docker()).raw;
    const have = await existingSecrets(api);
    const made: string[] = [];
    for (const [name, value] of stackSecretValues(ctx)) {
      if (have.has(name)) continue;
      await api.createSecret({ Name: name, Data: Buffer.from(value, 'utf8').toString('base64'), Labels: { [createdByLabel]: 'litellm-mcp' } });
      made.push(name);
    }
    return { status: 'changed', message: `created ${made.join(', ')} (values sent to the engine only)` };
  },
};

interface ServiceState {
  name: string;
  wanted: number;
  running: number;
  /** Swarm's own word on the last update: updating, completed, paused, rollback_started, ... */
  update?: string;
  /** When that update began (ms): a rollback recorded before this deploy is not this deploy's. */
  updateStartedAt?: number;
  /** The newest task errors and states that are not "running". */
  trouble: string[];
}

interface ContainerSpecLike {
  Image?: string;
  Secrets?: Array<{ SecretName?: string }>;
  Configs?: Array<{ ConfigName?: string }>;
}

/** What a rolling update changes: the image, and the versioned secrets and configs. */
function specKey(spec: ContainerSpecLike | undefined): string {
  return JSON.stringify([spec?.Image, (spec?.Secrets ?? []).map((x) => x.SecretName).sort(), (spec?.Configs ?? []).map((x) => x.ConfigName).sort()]);
}

export async function stackState(api: Docker, stack: string): Promise<ServiceState[]> {
  const services = await api.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } });
  return Promise.all(services.map(async (s) => {
    const name = s.Spec?.Name ?? s.ID ?? '?';
    const wanted = s.Spec?.Mode?.Replicated?.Replicas ?? 1;
    const tasks = await api.listTasks({ filters: { service: [s.ID ?? ''] } });
    // Only tasks of the current spec count: during a rolling update an old task still runs beside a new one.
    const current = specKey((s.Spec?.TaskTemplate as { ContainerSpec?: ContainerSpecLike } | undefined)?.ContainerSpec);
    const running = tasks.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running' && specKey((t.Spec as { ContainerSpec?: ContainerSpecLike } | undefined)?.ContainerSpec) === current).length;
    const trouble = tasks
      .filter((t) => t.Status?.State !== 'running' && (t.Status?.Err || t.Status?.State !== 'shutdown'))
      .sort((x, y) => String(y.Status?.Timestamp).localeCompare(String(x.Status?.Timestamp)))
      .slice(0, 3)
      .map((t) => `${t.Status?.State}${t.Status?.Err ? `: ${redact(t.Status.Err)}` : ''}`);
    const status = (s as { UpdateStatus?: { State?: string; StartedAt?: string } }).UpdateStatus;
    const startedAt = Date.parse(status?.StartedAt ?? '');
    return { name, wanted, running, trouble, ...(status?.State ? { update: status.State } : {}), ...(Number.isFinite(startedAt) ? { updateStartedAt: startedAt } : {}) };
  }));
}

/** Done: every replica running past its healthcheck, and no update under way (an old task may still run). */
function settled(s: ServiceState): boolean {
  return s.running === s.wanted && (s.update === undefined || s.update === 'completed');
}

/** Swarm gave up an update begun since `since` and went back (failure_action: rollback). */
function rolledBack(s: ServiceState, since: number): boolean {
  const gaveUp = s.update === 'rollback_completed' || s.update === 'rollback_paused' || s.update === 'paused';
  return gaveUp && (s.updateStartedAt ?? 0) >= since;
}

const convergeMs = 240_000;

async function converge(ctx: Context, stack: string, since: number): Promise<ServiceState[]> {
  const api = (await ctx.infra.docker()).raw;
  const until = Date.now() + convergeMs;
  for (;;) {
    const states = await stackState(api, stack);
    if (states.length && states.every(settled)) return states;
    const back = states.filter((s) => rolledBack(s, since));
    if (back.length) {
      throw new TaskFailure(
        `The update of ${back.map((s) => s.name).join(', ')} did not pass (swarm says ${back.map((s) => s.update).join(', ')}): ${back.flatMap((s) => s.trouble).join('; ') || 'no task error recorded'}.`,
        `The previous version runs again. Read \`docker service ps --no-trunc ${back[0]?.name}\` and \`docker service logs ${back[0]?.name}\`, fix the cause, then run \`litellm-mcp phase e\` again.`,
      );
    }
    if (Date.now() > until) {
      const said = states.map((s) => `${s.name} ${s.running}/${s.wanted}${s.trouble.length ? ` (${s.trouble.join('; ')})` : ''}`).join(', ') || 'no services';
      throw new TaskFailure(
        `The stack ${stack} did not converge in ${convergeMs / 1000} s: ${said}.`,
        `Read \`docker service ps --no-trunc ${stack}_<service>\` and \`docker service logs ${stack}_<service>\`; then run \`litellm-mcp phase e\` again.`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * `docker stack deploy` (a file in `dir`, or the text on stdin), then the wait until every task of the
 * stack passed its healthcheck. `again` is the command that retries, for the fixes.
 */
export async function deployStack(ctx: Context, stack: string, source: { dir: string; file: string } | { dir: string; text: string }, again: string): Promise<ServiceState[]> {
  const { execa } = await import('execa');
  // Swarm records times to the millisecond on the same clock; a second of slack for rounding.
  const since = Date.now() - 1000;
  const args = 'file' in source ? ['stack', 'deploy', '--prune', '-c', source.file, stack] : ['stack', 'deploy', '-c', '-', stack];
  const run = await execa('docker', args, { cwd: source.dir, reject: false, ...('text' in source ? { input: source.text } : {}) });
  if (run.exitCode !== 0) {
    throw new TaskFailure(`docker stack deploy ${stack} failed: ${redact(run.stderr || run.stdout).slice(0, 600)}`, `Read the message above${'file' in source ? `; the stack file is ${join(source.dir, source.file)}` : ''}. Run \`${again}\` again once it is fixed.`);
  }
  return waitingFor(ctx.out, `the tasks of ${stack} to pass their healthchecks`, convergeMs, () => converge(ctx, stack, since)).catch((error: unknown) => {
    throw error instanceof TaskFailure ? error : new TaskFailure(errorMessage(error), `Run \`${again}\` again.`);
  });
}

export function swarmStackTask(kind: 'litellm' | 'mcp'): Task {
  const stackOf = (ctx: Context) => (kind === 'litellm' ? projectsOf(ctx.answers.name).gateway : projectsOf(ctx.answers.name).connector);
  return {
    title: kind === 'litellm' ? 'LiteLLM stack deployed, every replica healthy' : 'MCP server stack deployed and healthy',
    async check(ctx) {
      const states = await stackState((await ctx.infra.docker()).raw, stackOf(ctx));
      if (states.length === 0) return { status: 'change', message: `${stackOf(ctx)} to deploy` };
      const said = states.map((s) => `${s.name} ${s.running}/${s.wanted}`).join(', ');
      // The file names every versioned secret and config, so the same file deployed is the same spec.
      const same = ctx.state.deployed?.[stackFiles[kind]] === sha256(readIfExists(join(ctx.paths.dir, stackFiles[kind])) ?? '');
      if (same && states.every(settled)) return { status: 'ok', message: `${stackFiles[kind]} is deployed: ${said}` };
      return { status: 'change', message: `${stackOf(ctx)} to deploy again (${same ? 'not every task is running' : `${stackFiles[kind]} differs from what was deployed`}: ${said})` };
    },
    async apply(ctx) {
      const stack = stackOf(ctx);
      const rel = stackFiles[kind];
      const started = Date.now();
      const states = await deployStack(ctx, stack, { dir: join(ctx.paths.dir, dirname(rel)), file: basename(rel) }, 'litellm-mcp phase e');
      ctx.state.deployed = { ...ctx.state.deployed, [rel]: sha256(readIfExists(join(ctx.paths.dir, rel)) ?? '') };
      const facts = Object.fromEntries(states.map((s) => [`Service ${s.name}`, `${s.running}/${s.wanted} running`]));
      return { status: 'changed', message: `deployed ${stack}: ${states.map((s) => `${s.name} ${s.running}/${s.wanted}`).join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`, facts };
    },
  };
}

/**
 * Old versions: after a rotation or a config change the services read new secrets and configs; the
 * ones no service reads any more are removed. One still held (an old task shutting down) is left for
 * the next run.
 */
export const swarmPruneTask: Task = {
  title: 'Old secret and config versions removed',
  async check(ctx) {
    const stale = await staleVersions(ctx);
    return stale.length ? { status: 'change', message: `to remove: ${stale.map((s) => s.name).join(', ')}` } : { status: 'ok', message: 'none left' };
  },
  async apply(ctx) {
    const removed: string[] = [];
    for (const s of await staleVersions(ctx)) {
      try {
        await s.remove();
        removed.push(s.name);
      } catch (error) {
        // 400/409: still in use by a task that is going away; the next run takes it.
        const code = (error as { statusCode?: number }).statusCode;
        if (code !== 400 && code !== 409) throw error;
      }
    }
    return removed.length ? { status: 'changed', message: `removed ${removed.join(', ')}` } : { status: 'ok', message: 'none left' };
  },
};

async function staleVersions(ctx: Context): Promise<Array<{ name: string; remove(): Promise<unknown> }>> {
  const api = (await ctx.infra.docker()).raw;
  const { gateway, connector } = projectsOf(ctx.answers.name);
  const stacks = [gateway, connector];
  const wanted = new Set(stackSecretValues(ctx).keys());
  // The configs the stack files name now (the file's digest).
  const files = Object.values(stackFiles).map((rel) => readIfExists(join(ctx.paths.dir, rel)) ?? '').join('\n');
  const secrets = (await api.listSecrets()).filter((s) => ownedBy(stacks, s.Spec?.Name, s.Spec?.Labels) && !wanted.has(s.Spec?.Name ?? ''));
  const configs = (await api.listConfigs()).filter((c) => ownedBy(stacks, c.Spec?.Name, c.Spec?.Labels) && !files.includes(c.Spec?.Name ?? '\0'));
  return [
    ...secrets.map((s) => ({ name: s.Spec?.Name ?? s.ID, remove: () => api.getSecret(s.ID).remove() })),
    ...configs.map((c) => ({ name: c.Spec?.Name ?? c.ID, remove: () => api.getConfig(c.ID).remove() })),
  ];
}
