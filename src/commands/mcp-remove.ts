/**
 * `mcp remove <name> [--purge]`: its stack down, its config.yaml entry, compose file and secrets gone,
 * then phases C and E: LiteLLM restarts without it and every other server is proven again. The folder a
 * filesystem server served is never touched; `--purge` also removes the stack's volumes.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../core/answers.js';
import { UsageError } from '../core/errors.js';
import { acquireLock } from '../core/lock.js';
import { deploymentPaths } from '../core/paths.js';
import { runPhases } from '../core/runner.js';
import { phaseById } from '../phases/catalog.js';
import { addedNames } from '../servers/gateway-servers.js';
import { buildContext, composeOnly, requireSavedAnswers, resolveDir, saveAnswers, type GlobalOptions } from './deployment.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface McpRemoveFlags extends GlobalOptions, Interaction {
  purge?: boolean;
}

export async function mcpRemove(name: string, flags: McpRemoveFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  composeOnly(answers, 'mcp remove');
  if (name === answers.mcpServerName) throw new UsageError(`${name} is the deployment's PostgreSQL server, made by init.`, '`litellm-mcp down` removes the whole deployment; `mcp remove` takes out servers added with `mcp add`.');
  const spec = answers.mcpServers.find((s) => s.name === name);
  if (!spec) {
    const known = answers.mcpServers.map((s) => s.name);
    throw new UsageError(`No MCP server named "${name}" was added here.`, known.length ? `Added servers: ${known.join(', ')} (\`litellm-mcp mcp list\`).` : 'No server was added with `mcp add`; `litellm-mcp mcp list` shows what runs.');
  }
  const out = await makeOutput(flags, env);
  const names = addedNames(answers.name, name);
  const next: Answers = { ...answers, mcpServers: answers.mcpServers.filter((s) => s.name !== name) };
  const ctx = buildContext(paths, next, { force: false, resetDbPassword: false }, out);
  const lock = acquireLock(paths.lockFile, `mcp remove ${name}`);
  try {
    const compose = await ctx.infra.compose();
    const file = join(paths.dir, names.composeRel);
    // Down by project name: it works even when the compose file was deleted by hand.
    await compose.run(['-p', names.project, ...(existsSync(file) ? ['-f', file] : []), 'down', '--remove-orphans', ...(flags.purge ? ['--volumes'] : [])], { cwd: paths.dir });
  } finally {
    lock.release();
  }
  const code = await runPhases(ctx, ['c', 'e'].map((id) => phaseById(id)!), 'apply', `mcp remove ${name}`, () => {
    saveAnswers(paths, next);
    for (const f of [join(paths.dir, names.dir), join(paths.dir, names.envRel)]) rmSync(f, { recursive: true, force: true });
    delete ctx.state.files[names.composeRel];
    delete ctx.state.files[names.envRel];
  });
  out.outro(code === 0 ? `${name} is removed; the other servers are proven again. Report: ${paths.statusFile}` : `${name} is removed, but a proof failed: see ${paths.statusFile}.`);
  return code;
}
