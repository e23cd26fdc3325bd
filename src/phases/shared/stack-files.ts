/**
 * Phases B and D on a swarm: the stack files, rendered from the same compose documents as on compose
 * (render/stack.ts), with the secrets, configs and entrypoints only a swarm needs.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { secretsOfEnvFiles } from '../../core/docker-secrets.js';
import { TaskFailure } from '../../core/errors.js';
import { generated, projectsOf } from '../../core/paths.js';
import { usesRedis } from '../../core/answers.js';
import { readIfExists } from '../../infra/files.js';
import { renderLitellmCompose } from '../../render/litellm-compose.js';
import { renderLitellmConfig } from '../../render/litellm-config.js';
import { renderMcpCompose } from '../../render/mcp-compose.js';
import { composeToStack, renderStack, type StackInputs } from '../../render/stack.js';
import { yaml } from '../../infra/yaml.js';
import { databaseNodeLabel } from '../a/swarm.js';
import { generatedHeader } from '../../render/template.js';
import { generatedFileTask } from './generated-file.js';

export const stackFiles = {
  litellm: 'litellm/docker-stack.yml',
  mcp: 'mcp/postgres/docker-stack.yml',
} as const;

function envTexts(ctx: Context, rels: readonly string[]): string[] {
  return rels.map((rel) => {
    const text = readIfExists(join(ctx.paths.dir, rel));
    // Phase A writes them; `plan` on a new folder reports the stack file as a change to come.
    if (text === undefined) throw new TaskFailure(`${rel} does not exist yet`, 'Run phase A first: `litellm-mcp phase a`.');
    return text;
  });
}

function entrypoint(ctx: Context, image: string): readonly string[] {
  const known = ctx.state.imageEntrypoints?.[image];
  if (!known) throw new TaskFailure(`the entrypoint of ${image} is not known yet`, 'Run phase A first: it reads each image\'s entrypoint.');
  return known;
}

/** The config as LiteLLM will read it: the file when phase C has written it (kept if edited), else its render. */
function configDigest(ctx: Context): string {
  const text = readIfExists(join(ctx.paths.dir, generated.litellmConfig)) ?? renderLitellmConfig(ctx.answers);
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

type SecretSet = ReturnType<typeof secretsOfEnvFiles>;

/** Per service, the variables its env files hold and their versioned secrets: the files read once. */
function serviceSecrets(ctx: Context): Record<string, SecretSet> {
  const a = ctx.answers;
  const { gateway, connector } = projectsOf(a.name);
  return {
    litellm: secretsOfEnvFiles(gateway, envTexts(ctx, [generated.litellmEnv, generated.providersEnv, ...(usesRedis(a) ? [generated.redisEnv] : [])])),
    ...(usesRedis(a) ? { redis: secretsOfEnvFiles(gateway, envTexts(ctx, [generated.redisEnv])) } : {}),
    'postgres-mcp': secretsOfEnvFiles(connector, envTexts(ctx, [generated.mcpEnv])),
    ...(a.dbStrategy === 'dedicated' ? { postgres: secretsOfEnvFiles(gateway, envTexts(ctx, [generated.postgresEnv])) } : {}),
  };
}

/** Every Docker secret both stacks read, by its versioned name, with its value (for phase E to create). */
export function stackSecretValues(ctx: Context): Map<string, string> {
  const out = new Map<string, string>();
  for (const { names, values } of Object.values(serviceSecrets(ctx))) for (const [variable, name] of Object.entries(names)) out.set(name, values.get(variable) ?? '');
  return out;
}

function litellmStackInputs(ctx: Context): StackInputs {
  const a = ctx.answers;
  const stack = projectsOf(a.name).gateway;
  const all = serviceSecrets(ctx);
  const secrets: Record<string, Record<string, string>> = { litellm: all.litellm?.names ?? {} };
  const entrypoints: Record<string, readonly string[]> = { litellm: entrypoint(ctx, a.litellmImage) };
  if (all.postgres) {
    secrets.postgres = all.postgres.names;
    entrypoints.postgres = entrypoint(ctx, a.postgresImage);
  }
  // Redis's entrypoint is its service's own (the password on stdin): its image's is not needed.
  if (all.redis) secrets.redis = all.redis.names;
  return {
    secrets,
    entrypoints,
    replicas: { litellm: a.litellmReplicas },
    configs: { './config/config.yaml': `${stack}_config_${configDigest(ctx)}` },
    // The database is not replicated: one task, on the node that holds its volume (phase A labels it).
    placement: { postgres: [`node.labels.${databaseNodeLabel(a)} == true`] },
  };
}

export function renderLitellmStack(ctx: Context): string {
  return renderStack(renderLitellmCompose(ctx.answers), litellmStackInputs(ctx), generatedHeader('litellm-compose.yaml (as a swarm stack)', 'b'));
}

/**
 * The LiteLLM stack with its database service only, exactly as in the whole file: phase A deploys it
 * first (its roles are made before LiteLLM starts), and phase E's deploy of the whole file leaves it be.
 */
export function databaseOnlyStack(ctx: Context): string {
  const { parse, stringify } = yaml();
  const compose = parse(renderLitellmCompose(ctx.answers)) as { services: Record<string, unknown> };
  compose.services = { postgres: compose.services.postgres };
  const inputs = litellmStackInputs(ctx);
  return stringify(composeToStack(compose, { ...inputs, secrets: { postgres: inputs.secrets.postgres ?? {} }, configs: {} }), { lineWidth: 0 });
}

export function renderMcpStack(ctx: Context): string {
  return renderStack(renderMcpCompose(ctx.answers), {
    secrets: { 'postgres-mcp': serviceSecrets(ctx)['postgres-mcp']?.names ?? {} },
    entrypoints: { 'postgres-mcp': entrypoint(ctx, ctx.answers.mcpImage) },
  }, generatedHeader('mcp-postgres-compose.yaml (as a swarm stack)', 'd'));
}

/** The stack files as generated files (an edit is kept, as with every generated file): B, D and E share them. */
export const litellmStackFileTask = generatedFileTask({ title: 'LiteLLM stack file', rel: stackFiles.litellm, render: renderLitellmStack });
export const mcpStackFileTask = generatedFileTask({ title: 'MCP server stack file', rel: stackFiles.mcp, render: renderMcpStack });
