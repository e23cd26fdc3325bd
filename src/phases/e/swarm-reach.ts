/**
 * Phase E's proofs on a swarm. The checks of compose (verify-*.ts) run unchanged, through relays on the
 * gateway's overlay network (infra/overlay-relay.ts): LiteLLM by `tasks.litellm` (each connection to one
 * of its tasks, as the routing mesh would spread them) and the MCP server by its name. Then what only a
 * swarm needs proving: every LiteLLM task answers on its own address, with the database connected, and a
 * key minted through one task opens the others (keys live in the shared database, not in a replica).
 */
import type Docker from 'dockerode';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { redact } from '../../core/redact.js';
import { verifyTask, type Check } from '../../core/task.js';
import { removeRelays, startRelay, type Relay } from '../../infra/overlay-relay.js';
import { mcpContainerPort } from '../../render/mcp-compose.js';
import { requireSecrets } from '../shared/secrets.js';
import { litellmApi, type LitellmApi } from '../../infra/litellm-api.js';
import { usesRedis } from '../../core/answers.js';
import { mockModel } from '../../core/model-names.js';

const litellmPort = 4000;
const open = new WeakMap<Context, Relay[]>();

interface Replica {
  id: string;
  ip: string;
  api: LitellmApi;
}
/** Each LiteLLM task through a relay of its own, for the proofs that need to pick the task. */
const replicasOf = new WeakMap<Context, Replica[]>();

async function relayTo(ctx: Context, host: string, port: number): Promise<Relay> {
  const a = ctx.answers;
  const relay = await startRelay((await ctx.infra.docker()).raw, { image: a.litellmImage, network: a.network, host, port, deployment: a.name });
  open.set(ctx, [...(open.get(ctx) ?? []), relay]);
  // Removed by the last task of the phase, or when the run ends on a failure before it.
  (ctx.cleanups ??= []).push(relay.close);
  return relay;
}

export const swarmRelaysTask = verifyTask('Relays to the swarm\'s services on the overlay network', async (ctx): Promise<Check> => {
  await removeRelays((await ctx.infra.docker()).raw, ctx.answers.name);
  const litellm = await relayTo(ctx, `tasks.${services.litellm}`, litellmPort);
  const mcp = await relayTo(ctx, services.mcp, mcpContainerPort);
  ctx.endpoints = { litellm: litellm.base, mcp: mcp.base };
  return { status: 'ok', message: `LiteLLM's tasks through ${litellm.base}, the MCP server through ${mcp.base} (removed when the phase ends)` };
});

export const swarmRelaysClosedTask = verifyTask('Relays removed', async (ctx): Promise<Check> => {
  const relays = open.get(ctx) ?? [];
  await Promise.all(relays.map((r) => r.close()));
  open.delete(ctx);
  delete ctx.endpoints;
  await removeRelays((await ctx.infra.docker()).raw, ctx.answers.name);
  return { status: 'ok', message: `${relays.length} relay(s) removed` };
});

/** Each running LiteLLM task's address on the gateway network, from the swarm's own task list. */
async function taskAddresses(api: Docker, service: string, network: string): Promise<Array<{ id: string; ip: string }>> {
  const tasks = await api.listTasks({ filters: { service: [service], 'desired-state': ['running'] } });
  return tasks
    .filter((t) => t.Status?.State === 'running')
    .flatMap((t) => {
      const attached = (t as { NetworksAttachments?: Array<{ Network?: { Spec?: { Name?: string } }; Addresses?: string[] }> }).NetworksAttachments ?? [];
      const ip = attached.find((n) => n.Network?.Spec?.Name === network)?.Addresses?.[0]?.split('/')[0];
      return ip ? [{ id: (t.ID ?? '').slice(0, 12), ip }] : [];
    });
}

export const swarmReplicasTask = verifyTask('Every LiteLLM replica answers, and a key minted on one opens the others', async (ctx): Promise<Check> => {
  const a = ctx.answers;
  const api = (await ctx.infra.docker()).raw;
  const service = `${projectsOf(a.name).gateway}_${services.litellm}`;
  const tasks = await taskAddresses(api, service, a.network);
  if (tasks.length !== a.litellmReplicas) {
    throw new TaskFailure(`${service} runs ${tasks.length} task(s) on ${a.network}, not the ${a.litellmReplicas} answered.`, `Read \`docker service ps ${service}\`; then run \`litellm-mcp phase e\` again.`);
  }
  const master = requireSecrets(ctx).masterKey;
  const replicas: Replica[] = [];
  for (const t of tasks) {
    const relay = await relayTo(ctx, t.ip, litellmPort);
    replicas.push({ ...t, api: litellmApi(relay.base, master) });
  }
  replicasOf.set(ctx, replicas);
  const facts: Record<string, string> = {};
  for (const r of replicas) {
    const ready = await r.api.get('/health/readiness', false);
    const status = (ready.json as { status?: string } | undefined)?.status;
    if (ready.status !== 200 || status !== 'connected') {
      throw new TaskFailure(`LiteLLM task ${r.id} (${r.ip}) is not ready: ${ready.status} ${redact(ready.text).slice(0, 200)}`, `Read \`docker service logs ${service}\`.`);
    }
    facts[`Replica ${r.id}`] = `${r.ip}: ready, database connected (${ready.ms} ms)`;
  }
  // A key minted through the first task, used on every other one, then deleted through the last.
  const [first, ...others] = replicas;
  if (!first) throw new TaskFailure(`${service} has no running task.`, `Read \`docker service ps ${service}\`.`);
  const minted = await first.api.post('/key/generate', { key_alias: `litellm-mcp-replica-proof-${Date.now()}`, duration: '5m', metadata: { purpose: 'phase E replica proof, deleted at once' } });
  const key = (minted.json as { key?: string } | undefined)?.key;
  if (minted.status !== 200 || typeof key !== 'string') throw new TaskFailure(`Minting a key on task ${first.id} answered ${minted.status}: ${redact(minted.text).slice(0, 200)}`, `Read \`docker service logs ${service}\`.`);
  try {
    for (const r of others) {
      const used = await litellmApi(r.api.base, key).get('/v1/models');
      if (used.status !== 200) {
        throw new TaskFailure(
          `A key minted on task ${first.id} is refused by task ${r.id} (${used.status}): the replicas do not share their keys.`,
          'Every replica must use the same database (DATABASE_URL) and the same LITELLM_SALT_KEY: check secrets/litellm.env, then run `litellm-mcp phase e` again.',
        );
      }
    }
  } finally {
    await (others.at(-1) ?? first).api.post('/key/delete', { keys: [key] });
  }
  facts['Key across replicas'] = others.length ? `minted on ${first.id}, accepted by ${others.map((r) => r.id).join(', ')}, deleted` : 'one replica: nothing to cross';
  return { status: 'ok', message: `${replicas.length} replica(s) ready with the database; a key minted on one ${others.length ? 'opened the others' : 'worked'}`, facts };
});

/** The limit of the proof key: small, so that one more request than it is cheap. */
const proofLimit = 2;

/**
 * Rate limits hold across the replicas (Redis): a key limited to N requests a minute, its requests spread
 * over the tasks, is refused at the N+1st whichever task takes it. Replicas that counted alone would each
 * let N through.
 */
export const swarmSharedLimitTask = verifyTask('A key\'s rate limit counts once across the replicas (Redis)', async (ctx): Promise<Check> => {
  const a = ctx.answers;
  const replicas = replicasOf.get(ctx) ?? [];
  const service = `${projectsOf(a.name).gateway}_${services.litellm}`;
  const [first] = replicas;
  if (!first || !usesRedis(a)) return { status: 'ok', message: 'one replica: nothing to share' };
  const minted = await first.api.post('/key/generate', { key_alias: `litellm-mcp-limit-proof-${Date.now()}`, duration: '5m', models: [mockModel.name], rpm_limit: proofLimit, metadata: { purpose: 'phase E rate-limit proof, deleted at once' } });
  const key = (minted.json as { key?: string } | undefined)?.key;
  if (minted.status !== 200 || typeof key !== 'string') throw new TaskFailure(`Minting the rate-limit proof key on task ${first.id} answered ${minted.status}: ${redact(minted.text).slice(0, 200)}`, `Read \`docker service logs ${service}\`.`);
  const chat = (r: Replica) => litellmApi(r.api.base, key).post('/v1/chat/completions', { model: mockModel.name, messages: [{ role: 'user', content: 'rate-limit proof' }] });
  const said: string[] = [];
  try {
    // Request i on task i mod n: no task alone sees more than the limit.
    for (let i = 0; i < proofLimit; i++) {
      const r = replicas[i % replicas.length]!;
      const res = await chat(r);
      if (res.status !== 200) throw new TaskFailure(`Request ${i + 1} of a key limited to ${proofLimit} a minute was refused by task ${r.id} (${res.status}): ${redact(res.text).slice(0, 200)}`, `Read \`docker service logs ${service}\`.`);
      said.push(`${i + 1} on ${r.id}: ${res.status}`);
    }
    const last = replicas[proofLimit % replicas.length]!;
    const over = await chat(last);
    said.push(`${proofLimit + 1} on ${last.id}: ${over.status}`);
    if (over.status !== 429) {
      throw new TaskFailure(
        `Task ${last.id} let request ${proofLimit + 1} through (${over.status}) on a key limited to ${proofLimit} a minute, after ${proofLimit} spread over the tasks: the replicas count alone, so every limit is multiplied by ${replicas.length}.`,
        `LiteLLM counts through Redis only with \`cache: true\` and \`cache_params\` under litellm_settings in litellm/config/config.yaml: \`litellm-mcp phase c\` writes them for replicas (an edited file is kept, the new one beside it as .new). Read \`docker service logs ${projectsOf(a.name).gateway}_${services.redis}\` and \`docker service logs ${service}\`, then run \`litellm-mcp phase e\` again.`,
      );
    }
  } finally {
    await first.api.post('/key/delete', { keys: [key] });
  }
  return { status: 'ok', message: `a key limited to ${proofLimit} a minute, its requests spread over ${replicas.length} tasks, was refused at request ${proofLimit + 1} (429)`, facts: { 'Rate limit across replicas': `rpm_limit ${proofLimit}: ${said.join(', ')}; counted in Redis` } };
});

/** Tool calls in one MCP session through the replicas: a session must not depend on which task answers. */
export const sessionCalls = 50;

export const swarmMcpSessionTask = verifyTask(`One MCP client session through LiteLLM's replicas: ${sessionCalls} tool calls`, async (ctx): Promise<Check> => {
  const base = ctx.endpoints?.litellm;
  if (!base) throw new TaskFailure('No relay to LiteLLM is open.', 'Run `litellm-mcp phase e` again: the relays start before the proofs.');
  const [{ withMcpClient }, { callTool, judgeRead, readSql, sqlTool }, { toolsOf }] = await Promise.all([import('../../infra/mcp-client.js'), import('./mcp-probes.js'), import('./verify-gateway.js')]);
  const a = ctx.answers;
  const headers = { 'x-litellm-api-key': `Bearer ${requireSecrets(ctx).masterKey}` };
  const started = performance.now();
  const failures = await withMcpClient(`${base}/mcp/`, 'http', headers, 120_000, async (client) => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    const tool = sqlTool(toolsOf(names.map((name) => ({ name })), a.mcpServerName));
    if (!tool) throw new TaskFailure(`An MCP client on LiteLLM's /mcp/ sees no SQL tool of ${a.mcpServerName}: [${names.join(', ')}].`, 'Phase E\'s gateway check above says why.');
    const bad: string[] = [];
    for (let i = 0; i < sessionCalls; i++) {
      const r = await callTool(client, `${a.mcpServerName}-${tool}`, { sql: readSql });
      const read = r.flaggedError ? { ok: false as const, why: redact(r.text).slice(0, 200) } : judgeRead(r.text, a.mcpRole, a.mcpDatabase);
      if (!read.ok) bad.push(`call ${i + 1}: ${read.why}`);
    }
    return bad;
  });
  if (failures.length) {
    throw new TaskFailure(`${failures.length} of ${sessionCalls} tool calls in one MCP session through LiteLLM's replicas failed: ${failures.slice(0, 3).join('; ')}.`, `Read \`docker service logs ${projectsOf(a.name).gateway}_${services.litellm}\`.`);
  }
  const ms = Math.round(performance.now() - started);
  return { status: 'ok', message: `${sessionCalls} calls returned ${a.mcpRole}'s row in one session (${ms} ms)`, facts: { 'MCP session across replicas': `${sessionCalls}/${sessionCalls} tool calls returned ${a.mcpRole}'s row, ${ms} ms` } };
});
