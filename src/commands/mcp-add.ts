/**
 * `mcp add <recipe> --name N`: every input checked before anything changes (name, port, folder, image,
 * and for a custom image what it speaks, from one trial run); then the server joins the answers file and
 * phases C, D and E run as for PostgreSQL: its compose file, its config.yaml entry, LiteLLM restarted
 * only because its config changed, and the proofs, directly and through the gateway.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Answers } from '../core/answers.js';
import { parseEnvFile } from '../core/env-file.js';
import { registerSecret } from '../core/redact.js';
import { writeFileAtomic } from '../infra/files.js';
import { UsageError } from '../core/errors.js';
import { runPhases } from '../core/runner.js';
import { phaseById } from '../phases/catalog.js';
import { addedNames } from '../servers/gateway-servers.js';
import { recipes } from '../servers/recipes.js';
import { nameClash, recipeIds, serverNameProblem, type RecipeId, type ServerSpec, type ServerTransport } from '../servers/server-spec.js';
import * as v from '../core/validators.js';
import { buildContext, composeOnly, requireSavedAnswers, resolveDir, saveAnswers, type GlobalOptions } from './deployment.js';
import { deploymentPaths } from '../core/paths.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface McpAddFlags extends GlobalOptions, Interaction {
  name?: string;
  accessGroup?: string;
  image?: string;
  port?: string;
  hostPort?: string;
  transport?: string;
  folder?: string;
  envFile?: string;
  clients?: boolean;
  probeTool?: string;
  probeArgs?: string;
  probeExpect?: string;
}

const fix = (flag: string) => `Correct ${flag} and run \`litellm-mcp mcp add\` again; nothing was changed.`;

function checked(problem: string | undefined, flag: string): void {
  if (problem) throw new UsageError(`${flag}: ${problem}`, fix(flag));
}

async function freeHostPort(a: Answers, from: number): Promise<number> {
  const { isPortFree } = await import('../infra/ports.js');
  const taken = new Set([a.litellmPort, a.mcpPort, ...a.mcpServers.map((s) => s.hostPort)]);
  for (let p = from; p < from + 200; p++) if (!taken.has(p) && (await isPortFree('127.0.0.1', p))) return p;
  throw new UsageError(`No free host port from ${from} to ${from + 199}.`, 'Pass --host-port with a free port.');
}

async function hostPortOf(a: Answers, flag: string | undefined): Promise<number> {
  if (flag === undefined) return freeHostPort(a, a.mcpPort + 1);
  checked(v.port(flag), '--host-port');
  const port = Number(flag);
  const other = port === a.litellmPort ? 'LiteLLM' : port === a.mcpPort ? `the MCP server ${a.mcpServerName}` : a.mcpServers.find((s) => s.hostPort === port)?.name;
  if (other) throw new UsageError(`--host-port ${port} is already ${other}'s.`, fix('--host-port'));
  const { isPortFree } = await import('../infra/ports.js');
  if (!(await isPortFree('127.0.0.1', port))) throw new UsageError(`--host-port ${port} is in use on this host (find what holds it with \`ss -ltnp\`).`, fix('--host-port'));
  return port;
}

function folderOf(flag: string | undefined, cwd: string): string {
  if (!flag) throw new UsageError('The filesystem recipe needs --folder: the host folder to serve (read-only).', 'e.g. `litellm-mcp mcp add filesystem --name docs --folder /srv/docs`.');
  const folder = isAbsolute(flag) ? flag : resolve(cwd, flag);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--folder ${folder} is not a folder on this host.`, fix('--folder'));
  checked(/[\n:,]/.test(folder) ? 'a folder path with a newline, ":" or "," cannot be mounted by compose\'s short syntax.' : undefined, '--folder');
  return folder;
}

function probeOf(flags: McpAddFlags): ServerSpec['probe'] {
  if (!flags.probeTool) return undefined;
  if (!flags.probeExpect) throw new UsageError('--probe-tool needs --probe-expect: the text its answer must contain.', 'e.g. --probe-tool echo --probe-args \'{"text":"hi"}\' --probe-expect hi');
  let args: unknown = {};
  try {
    args = flags.probeArgs ? JSON.parse(flags.probeArgs) : {};
  } catch {
    throw new UsageError(`--probe-args is not JSON: ${flags.probeArgs}`, 'Give a JSON object, e.g. --probe-args \'{"text":"hi"}\'.');
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('--probe-args must be a JSON object.', 'e.g. --probe-args \'{"text":"hi"}\'.');
  return { tool: flags.probeTool, args: args as Record<string, unknown>, expect: flags.probeExpect };
}

function envFileOf(flag: string | undefined, cwd: string): string | undefined {
  if (!flag) return undefined;
  const path = isAbsolute(flag) ? flag : resolve(cwd, flag);
  if (!existsSync(path)) throw new UsageError(`--env-file ${path} does not exist.`, fix('--env-file'));
  const entries = parseEnvFile(readFileSync(path, 'utf8'));
  if (entries.size === 0) throw new UsageError(`--env-file ${path} holds no KEY=value line.`, fix('--env-file'));
  return path;
}

/** The spec from the flags, every value checked; a custom image is tried once to learn its transport. */
async function specFrom(recipeId: RecipeId, flags: McpAddFlags, a: Answers, cwd: string): Promise<{ spec: ServerSpec; envSource?: string; evidence?: string }> {
  const recipe = recipes[recipeId];
  const name = flags.name ?? '';
  if (!name) throw new UsageError('mcp add needs --name: the server name LiteLLM prefixes its tools with.', `e.g. \`litellm-mcp mcp add ${recipeId} --name ${recipeId === 'filesystem' ? 'docs' : 'my_server'}\`.`);
  checked(serverNameProblem(name) ?? nameClash(name, [a.mcpServerName, ...a.mcpServers.map((s) => s.name)]), '--name');
  const accessGroup = flags.accessGroup ?? name;
  checked(v.mcpServerName(accessGroup), '--access-group');
  const image = flags.image ?? recipe.defaults.image;
  if (!image) throw new UsageError('The custom recipe needs --image: an MCP server image that serves SSE or streamable HTTP.', 'e.g. `litellm-mcp mcp add custom --name tools --image registry.lan/my-mcp:1.0 --port 8080`.');
  checked(v.imageRef(image), '--image');
  const portText = flags.port ?? String(recipe.defaults.port);
  checked(v.port(portText), '--port');
  const transportFlag = flags.transport ?? (recipe.defaults.transport ?? 'auto');
  if (!['sse', 'http', 'auto', 'stdio'].includes(transportFlag)) throw new UsageError(`--transport "${transportFlag}" is not sse, http or auto.`, fix('--transport'));
  if (transportFlag === 'stdio') {
    throw new UsageError('--transport stdio: LiteLLM reaches MCP servers over the network, never by running stdio inside it.', 'Use the filesystem recipe (its bridge serves stdio over SSE), or an image that wraps your server with supergateway (--stdio "<command>" --port 8000), with --transport sse.');
  }
  const spec: ServerSpec = { name, recipe: recipeId, image, transport: 'sse', port: Number(portText), hostPort: await hostPortOf(a, flags.hostPort), accessGroup };
  if (recipeId === 'filesystem') spec.folder = folderOf(flags.folder, cwd);
  if (flags.clients) spec.clients = true;
  const envSource = envFileOf(flags.envFile, cwd);
  if (envSource) spec.envFile = true;
  const probe = probeOf(flags);
  if (probe) spec.probe = probe;
  if (transportFlag !== 'auto') return { spec: { ...spec, transport: transportFlag as ServerTransport }, ...(envSource ? { envSource } : {}) };
  const { detectImageTransport } = await import('../servers/preflight.js');
  const found = await detectImageTransport({ image, port: spec.port, network: a.network, name, ...(envSource ? { envFile: envSource } : {}) });
  return { spec: { ...spec, transport: found.transport }, evidence: found.evidence, ...(envSource ? { envSource } : {}) };
}

export async function mcpAdd(recipeArg: string, flags: McpAddFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  if (!(recipeIds as readonly string[]).includes(recipeArg)) {
    throw new UsageError(`Unknown recipe "${recipeArg}".`, `Use one of: ${recipeIds.join(', ')} (PostgreSQL is the deployment's first server, set up by init).`);
  }
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  composeOnly(answers, 'mcp add');
  const out = await makeOutput(flags, env);
  if (out.interactive) {
    const { askServerNeeds } = await import('../wizard/ask-server.js');
    Object.assign(flags, await askServerNeeds(recipeArg as RecipeId, { ...(flags.name ? { name: flags.name } : {}), ...(flags.folder ? { folder: flags.folder } : {}), ...(flags.image ? { image: flags.image } : {}) }));
  }
  const { spec, envSource, evidence } = await specFrom(recipeArg as RecipeId, flags, answers, cwd);
  if (evidence) out.info(`Transport detected: ${spec.transport} (${evidence})`);
  const next: Answers = { ...answers, mcpServers: [...answers.mcpServers, spec] };
  const ctx = buildContext(paths, next, { force: false, resetDbPassword: false }, out);
  const names = addedNames(answers.name, spec.name);
  // With --clients the client key's scope grows: phase F mints it again and rewrites clients/.
  const code = await runPhases(ctx, [...'acde', ...(spec.clients ? 'f' : '')].map((id) => phaseById(id)!), 'apply', `mcp add ${spec.name}`, () => {
    // Created 0600 from its first byte (a copy would carry the source's mode until a chmod); values of
    // secret-looking names join the redactor (all of them would hide words such as "true" everywhere).
    if (envSource) {
      const text = readFileSync(envSource, 'utf8');
      for (const [key, value] of parseEnvFile(text)) if (/PASSWORD|KEY|TOKEN|SECRET/i.test(key)) registerSecret(value);
      writeFileAtomic(join(paths.dir, names.envRel), text, 0o600);
    }
    saveAnswers(paths, next);
  });
  out.outro(code === 0
    ? `${spec.name} is behind the gateway: its tools are ${spec.name}-<tool>, access group ${spec.accessGroup}. Report: ${paths.statusFile}`
    : `Stopped. See ${paths.statusFile} for the cause and the fix; \`litellm-mcp mcp remove ${spec.name}\` takes it out again.`);
  return code;
}
