/**
 * Files that hold secrets: the secrets folder 0700 and every file in it 0600, the client files that
 * embed the key 0600; a drifted mode is repaired and reported. Also, by looking: config.yaml mounted
 * read-only into LiteLLM (with store_model_in_db off, admin changes would rewrite it with secrets filled
 * in), and no known secret in a compose file or a container label.
 */
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Context } from '../../core/context.js';
import { readClientKey } from '../../core/client-key.js';
import { projectsOf, services } from '../../core/paths.js';
import type { Finding } from '../../core/state.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import { fileMode } from '../../infra/files.js';
import { clients } from '../f/clients/catalog.js';
import { requireSecrets } from '../shared/secrets.js';
import { stackFiles } from '../shared/stack-files.js';

/** Every path that must be private, with the mode it must have. */
function privatePaths(ctx: Context): Array<{ path: string; mode: number }> {
  const out = [{ path: ctx.paths.secretsDir, mode: 0o700 }];
  if (existsSync(ctx.paths.secretsDir)) {
    for (const name of readdirSync(ctx.paths.secretsDir)) out.push({ path: join(ctx.paths.secretsDir, name), mode: 0o600 });
  }
  for (const c of clients) if (c.embedsKey) out.push({ path: join(ctx.paths.dir, c.rel), mode: 0o600 });
  return out.filter((p) => existsSync(p.path));
}

function drifted(ctx: Context): Array<{ rel: string; mode: number; was: number }> {
  return privatePaths(ctx)
    .map((p) => ({ rel: relative(ctx.paths.dir, p.path), mode: p.mode, was: fileMode(p.path) ?? -1 }))
    .filter((p) => p.was !== p.mode);
}

async function looked(ctx: Context): Promise<{ findings: Finding[]; facts: string[] }> {
  const findings: Finding[] = [];
  const facts: string[] = [];
  // A secret added later (REDIS_PASSWORD) may not be generated yet in an older deployment.
  const secrets = (Object.values(requireSecrets(ctx)) as Array<string | undefined>).filter((v): v is string => Boolean(v));
  const key = readClientKey(ctx.paths.clientKeyFile);
  if (key) secrets.push(key);
  for (const rel of ['litellm/docker-compose.yml', 'mcp/postgres/docker-compose.yml', 'litellm/config/config.yaml', ...Object.values(stackFiles)]) {
    const path = join(ctx.paths.dir, rel);
    if (existsSync(path) && secrets.some((s) => readFileSync(path, 'utf8').includes(s))) {
      findings.push({ severity: 'high', title: `A secret is written in ${rel}`, evidence: `${rel} holds a value of secrets/`, fix: `Move it to an env file in secrets/ and reference it there; \`litellm-mcp phase b --force\` (or c, d) writes the generated file again.` });
    }
  }
  const docker = (await ctx.infra.docker()).raw;
  if (ctx.answers.target === 'swarm') {
    // A swarm service's labels, on the service and on its containers; config.yaml is a Docker config,
    // which a task can only read.
    const { swarmServices } = await import('../../infra/swarm-services.js');
    for (const s of await swarmServices(docker, ctx.answers)) {
      if (secrets.some((v) => JSON.stringify([s.spec.Labels ?? {}, s.spec.TaskTemplate?.ContainerSpec?.Labels ?? {}]).includes(v))) {
        findings.push({ severity: 'high', title: `A secret is in the ${s.service} service's labels`, evidence: 'docker service inspect shows it to anyone who may use Docker', fix: 'Remove it from the stack file\'s labels and deploy again (`litellm-mcp phase e`).' });
      }
    }
    facts.push('config.yaml a Docker config (read-only in every task)');
    return { findings, facts };
  }
  const { projectContainers } = await import('../../infra/compose-services.js');
  for (const project of [projectsOf(ctx.answers.name).connector, projectsOf(ctx.answers.name).gateway]) {
    for (const c of await projectContainers(docker, project)) {
      const d = await docker.getContainer(c.id).inspect();
      if (secrets.some((s) => JSON.stringify(d.Config.Labels ?? {}).includes(s))) {
        findings.push({ severity: 'high', title: `A secret is in ${c.name}'s labels`, evidence: 'docker inspect shows it to anyone who may use Docker', fix: 'Remove it from the compose labels and recreate the container (`litellm-mcp phase e`).' });
      }
      if (c.service === services.litellm) {
        const config = (d.Mounts ?? []).find((m) => m.Destination === '/app/config.yaml');
        facts.push(`config.yaml mounted ${config ? (config.RW ? 'read-write' : 'read-only') : 'not at all'}`);
        if (config?.RW) findings.push({ severity: 'medium', title: 'config.yaml is mounted writable', evidence: `${config.Source} → /app/config.yaml rw`, fix: 'Mount it read-only (`:ro`, as generated): with store_model_in_db off, some admin endpoints rewrite it with every os.environ/ secret filled in.' });
      }
    }
  }
  return { findings, facts };
}

export const fileModesTask: Task = {
  title: 'Secret files: modes, mounts, nothing secret in compose files or labels',
  async check(ctx): Promise<Check> {
    const modes = drifted(ctx);
    const seen = await looked(ctx);
    const checked = `${privatePaths(ctx).length} private path(s) with their modes; ${seen.facts.join('; ')}`;
    if (modes.length) {
      return { status: 'change', message: `to repair: ${modes.map((m) => `${m.rel} ${m.was.toString(8)} → ${m.mode.toString(8)}`).join(', ')}`, findings: seen.findings };
    }
    return { status: 'ok', message: checked, facts: { 'Secret files': checked }, findings: seen.findings };
  },
  async apply(ctx): Promise<Outcome> {
    const modes = drifted(ctx);
    for (const m of modes) chmodSync(join(ctx.paths.dir, m.rel), m.mode);
    const repaired = modes.map((m) => `${m.rel} ${m.was.toString(8)} → ${m.mode.toString(8)}`).join(', ');
    const seen = await looked(ctx);
    return {
      status: 'changed',
      message: `repaired ${repaired}`,
      facts: { 'Secret files': `repaired ${repaired}` },
      findings: [...seen.findings, { severity: 'medium', title: 'Secret file modes had drifted', evidence: repaired, accepted: 'repaired by this run' }],
    };
  },
};
