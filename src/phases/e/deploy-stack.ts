/**
 * Deploys one compose stack and waits, through Docker's events, until each service is healthy. The check
 * is read-only: containers running and healthy, compose's config hash unchanged, and the files they read
 * at start unchanged since they started. Otherwise `up -d` (compose recreates only what changed), then a
 * restart of the main service if only a mounted file changed, then the wait.
 */
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { imageOptions, portOption } from '../../core/answers.js';
import { ComposeError, TaskFailure } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import { projectContainers, type ServiceContainerState } from '../../infra/compose-services.js';
import { exitedWith } from '../../infra/exit-code.js';
import { readIfExists, sha256 } from '../../infra/files.js';
import { diagnoseComposeUp } from '../../diagnose/compose-up.js';
import { yaml } from '../../infra/yaml.js';
import { recordServices } from './service-table.js';
import type { Stack } from './stacks.js';
import { waitingFor } from '../../output/wait-notice.js';

function composeArgs(ctx: Context, stack: Stack, ...rest: string[]): string[] {
  return ['-p', stack.project, '-f', join(ctx.paths.dir, stack.composeRel), ...rest];
}

/** Files whose content differs from what the running containers started with. */
function changedMounts(ctx: Context, stack: Stack): string[] {
  return stack.mounted(ctx.answers).filter((rel) => {
    const text = readIfExists(join(ctx.paths.dir, rel));
    return text !== undefined && ctx.state.deployed?.[rel] !== sha256(text);
  });
}

/** `--dry-run` came with compose 2.19; v1 and older v2 have no way to ask what `up` would do. */
function composeHasDryRun(version: string): boolean {
  const m = /^docker compose v?(\d+)\.(\d+)/.exec(version);
  return !!m && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 19));
}

/**
 * Services compose would create or recreate, asked of compose itself (`--dry-run`, compose >= 2.19):
 * its config hash label cannot be recomputed outside `up` reliably. A dry run that fails (an image that
 * cannot be pulled) is a change to attempt, so that `up` fails for real and is diagnosed. Without
 * --dry-run, `known` is false and the compose file's hash at deploy time decides instead.
 */
async function pendingRecreates(ctx: Context, stack: Stack): Promise<{ recreate: string[]; known: boolean; refused?: string }> {
  const compose = await ctx.infra.compose();
  if (!composeHasDryRun(compose.version)) return { recreate: [], known: false };
  try {
    const out = await compose.run(['--dry-run', ...composeArgs(ctx, stack, 'up', '-d', '--no-start')], { cwd: ctx.paths.dir, withProgress: true });
    return { recreate: [...out.matchAll(/Container (\S+)\s+(Recreate|Create)\b/g)].map((m) => m[1]!), known: true };
  } catch (error) {
    const output = error instanceof ComposeError ? error.output : String(error);
    if (/unknown (flag|shorthand flag).*dry-run/i.test(output)) return { recreate: [], known: false };
    return { recreate: [], known: true, refused: output.split('\n').filter(Boolean).at(-1) ?? 'compose refused the file' };
  }
}

/**
 * The networks each service of a compose file joins, by Docker name: ours are all declared with their
 * name (external), others get compose's `<project>_<key>`.
 */
export function serviceNetworks(composeText: string, project: string): Record<string, string[]> {
  type Doc = { services?: Record<string, { networks?: string[] | Record<string, unknown> }>; networks?: Record<string, { name?: string } | null> };
  const doc = (yaml().parse(composeText) ?? {}) as Doc;
  const out: Record<string, string[]> = {};
  for (const [service, def] of Object.entries(doc.services ?? {})) {
    const keys = Array.isArray(def.networks) ? def.networks : Object.keys(def.networks ?? { default: null });
    out[service] = keys.map((k) => doc.networks?.[k]?.name ?? `${project}_${k}`);
  }
  return out;
}

async function inspect(ctx: Context, stack: Stack): Promise<{ reasons: string[]; containers: ServiceContainerState[]; detached: string[] }> {
  const composeText = readIfExists(join(ctx.paths.dir, stack.composeRel));
  if (composeText === undefined) {
    throw new TaskFailure(`${stack.composeRel} does not exist.`, 'Run `litellm-mcp init` (phases B to D write the compose files) first.');
  }
  const containers = await projectContainers((await ctx.infra.docker()).raw, stack.project);
  const { recreate, known, refused } = await pendingRecreates(ctx, stack);
  const reasons: string[] = refused ? [`compose would fail: ${refused}`] : [];
  // `up` leaves a running container as it is even when it was disconnected from one of its networks.
  const wanted = serviceNetworks(composeText, stack.project);
  const detached: string[] = [];
  if (!known && ctx.state.deployed?.[stack.composeRel] !== sha256(composeText)) {
    reasons.push(`${stack.composeRel} differs from the one last deployed (this compose cannot tell what \`up\` would recreate)`);
  }
  for (const service of stack.services(ctx.answers)) {
    const c = containers.find((x) => x.service === service);
    if (!c) reasons.push(`${service} not created`);
    else if (c.state === 'exited') reasons.push(`${service} (${c.name}) ${exitedWith(c.exitCode)}`);
    else if (c.state !== 'running') reasons.push(`${service} is ${c.state}`);
    else if (c.health && c.health !== 'healthy') reasons.push(`${service} is ${c.health}`);
    else if (recreate.includes(c.name)) reasons.push(`${service}'s compose definition changed`);
    const missing = c ? (wanted[service] ?? []).filter((n) => !c.networks.includes(n)) : [];
    if (missing.length) {
      reasons.push(`${service} is not on the network ${missing.join(', ')} its compose file joins (disconnected by hand?)`);
      detached.push(service);
    }
  }
  // Only a container that exists can have started with an older file; a new one starts with this one.
  if (containers.some((c) => c.service === stack.main)) for (const rel of changedMounts(ctx, stack)) reasons.push(`${rel} changed since ${stack.main} started`);
  return { reasons, containers, detached };
}

async function waitForServices(ctx: Context, stack: Stack): Promise<Record<string, string>> {
  const docker = (await ctx.infra.docker()).raw;
  const [{ waitHealthy }, { lastLogLines }] = await Promise.all([import('../../infra/health.js'), import('../../infra/docker-logs.js')]);
  const facts: Record<string, string> = {};
  for (const service of stack.services(ctx.answers)) {
    const c = (await projectContainers(docker, stack.project)).find((x) => x.service === service);
    if (!c) throw new TaskFailure(`compose reported success but ${service} has no container.`, 'Run `docker compose ls` and `docker ps -a` to see what happened.');
    const certain = stack.beforeWait?.(ctx.answers, c);
    if (certain) throw new TaskFailure(certain.problem, certain.fix, certain.cause);
    const health = await waitingFor(ctx.out, `${c.name} to be healthy`, stack.deadlineMs, () => waitHealthy(docker, c.id, stack.deadlineMs));
    if ('detail' in health) {
      const logs = (await lastLogLines(docker, c.id, 30)).map(redact);
      const now = (await projectContainers(docker, stack.project)).find((x) => x.id === c.id) ?? c;
      const issue = stack.diagnose(ctx.answers, now, health.detail, logs);
      throw new TaskFailure(issue.problem, issue.fix, issue.cause);
    }
    const noticed = health.status === 'healthy' && health.noticeMs !== undefined ? `, noticed ${health.noticeMs} ms after Docker's verdict` : '';
    facts[`${c.name}`] = `${health.status} after ${(health.ms / 1000).toFixed(1)} s${noticed}`;
  }
  return facts;
}

export function deployStackTask(stack: Stack): Task {
  return {
    title: `${stack.label} stack deployed and healthy`,
    async check(ctx): Promise<Check> {
      const { reasons, containers } = await inspect(ctx, stack);
      if (reasons.length) return { status: 'change', message: reasons.join('; ') };
      await recordServices(ctx);
      return { status: 'ok', message: `${containers.length} container(s) running and healthy, unchanged since they started` };
    },
    async apply(ctx): Promise<Outcome> {
      const { reasons, detached } = await inspect(ctx, stack);
      const compose = await ctx.infra.compose();
      const docker = (await ctx.infra.docker()).raw;
      const changed = changedMounts(ctx, stack);
      const before = (await projectContainers(docker, stack.project)).find((c) => c.service === stack.main);
      try {
        await compose.run(composeArgs(ctx, stack, 'up', '-d'), { cwd: ctx.paths.dir });
        // Recreated, not reconnected: the new container gets its aliases and published ports back too.
        // Without --no-deps, which would record other depends_on labels and so a different config hash.
        if (detached.length) await compose.run(composeArgs(ctx, stack, 'up', '-d', '--force-recreate', ...detached), { cwd: ctx.paths.dir });
        const after = (await projectContainers(docker, stack.project)).find((c) => c.service === stack.main);
        // A bind-mounted config.yaml is not part of compose's hash: restart to make it read again.
        if (changed.length && before && after?.id === before.id) await compose.run(composeArgs(ctx, stack, 'restart', stack.main), { cwd: ctx.paths.dir });
      } catch (error) {
        if (!(error instanceof ComposeError)) throw error;
        const { portHolder } = await import('../../infra/port-holder.js');
        const api = await ctx.infra.docker();
        const issue = await diagnoseComposeUp({ output: error.output, images: stack.images(ctx.answers), portHolder: (port) => portHolder(api, port), portFlag: (port) => portOption(ctx.answers, port), imageOptions: imageOptions(ctx.answers) });
        await recordServices(ctx);
        throw new TaskFailure(issue.problem, issue.fix, issue.cause);
      }
      let facts: Record<string, string>;
      try {
        facts = await waitForServices(ctx, stack);
      } finally {
        await recordServices(ctx);
      }
      ctx.state.deployed = { ...ctx.state.deployed };
      for (const rel of [stack.composeRel, ...stack.mounted(ctx.answers)]) {
        const text = readIfExists(join(ctx.paths.dir, rel));
        if (text !== undefined) ctx.state.deployed[rel] = sha256(text);
      }
      const healthy = Object.entries(facts).map(([name, f]) => `${name} ${f.split(',')[0]}`).join('; ');
      return { status: 'changed', message: `${reasons.join('; ')}: deployed; ${healthy}`, facts };
    },
  };
}
