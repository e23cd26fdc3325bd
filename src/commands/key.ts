/**
 * `key rotate`: phase F with a new key: mint it (the old one keeps working under a retiring alias),
 * rewrite the client files, prove the new key, and only then delete the old one. `key revoke`: delete
 * the client key and say which client files stop working.
 */
import { rmSync } from 'node:fs';
import { readClientKey } from '../core/client-key.js';
import { runCleanups } from '../core/context.js';
import { UsageError } from '../core/errors.js';
import { acquireLock } from '../core/lock.js';
import { deploymentPaths } from '../core/paths.js';
import { runPhases } from '../core/runner.js';
import { saveState } from '../core/state.js';
import { writeReport } from '../report/write-report.js';
import { clientIntegrationPhase } from '../phases/f-client-integration.js';
import { clients } from '../phases/f/clients/catalog.js';
import { keyLabel } from '../phases/f/key-scope.js';
import { buildContext, requireSavedAnswers, resolveDir, type GlobalOptions } from './deployment.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface KeyFlags extends GlobalOptions, Interaction {
  showKey?: boolean;
}

/** The key once, on request, to stdout only: past the redactor on purpose, and never into a file. */
export function showKey(path: string): void {
  const key = readClientKey(path);
  if (key) process.stdout.write(`${key}\n`);
}

export async function key(action: string, flags: KeyFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  if (action !== 'rotate' && action !== 'revoke') throw new UsageError(`Unknown key action "${action}".`, 'Use `litellm-mcp key rotate` or `litellm-mcp key revoke`.');
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  const out = await makeOutput(flags, env);
  const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false, rotateKey: action === 'rotate' }, out);
  if (action === 'rotate') {
    const code = await runPhases(ctx, [clientIntegrationPhase], 'apply', 'key rotate');
    out.outro(code === 0 ? `Rotated: every client file carries the new key, proven; the old key is deleted. Report: ${paths.statusFile}` : `Stopped; the old key still works. See ${paths.statusFile}.`);
    if (code === 0 && flags.showKey) showKey(paths.clientKeyFile);
    return code;
  }

  const stored = readClientKey(paths.clientKeyFile);
  if (!stored) throw new UsageError(`There is no client key in ${paths.clientKeyFile}.`, 'Nothing to revoke; `litellm-mcp phase f` mints one.');
  const lock = acquireLock(paths.lockFile, 'key revoke');
  try {
    const [{ keyApiOf }, { tokenOf }] = await Promise.all([import('../phases/f/key-api.js'), import('../infra/litellm-keys.js')]);
    // On a swarm, LiteLLM's tasks through a relay on the overlay (as phase F reaches them), removed at the end.
    if (answers.target === 'swarm') await (await import('../phases/e/swarm-reach.js')).swarmRelaysTask.check(ctx);
    const api = await keyApiOf(ctx);
    const tokens = [tokenOf(stored), ...(ctx.state.retiringKeys ?? [])];
    await api.delete(tokens);
    // Judged by LiteLLM: the key is revoked when /key/info no longer knows it.
    if (await api.info(stored)) throw new Error('LiteLLM still knows the client key after POST /key/delete.');
    rmSync(paths.clientKeyFile, { force: true });
    const label = keyLabel(answers.clientKeyAlias, stored);
    const holding = clients.filter((c) => c.embedsKey).map((c) => c.rel);
    const message = `revoked ${label}; ${holding.join(', ')} hold it and stop working, as does every other client file (they read ${'LITELLM_API_KEY'} from secrets/client.env, now removed)`;
    delete ctx.state.retiringKeys;
    ctx.state.phases.f = { status: 'pending', tasks: [{ title: 'Client key revoked', status: 'changed', message, at: new Date().toISOString() }] };
    saveState(paths.stateFile, ctx.state);
    writeReport(paths, answers, ctx.state);
    out.info(`Revoked ${label}. Client files that stop working: every file in clients/ (${holding.join(', ')} hold the key itself). Run \`litellm-mcp phase f\` to mint a new key and rewrite them.`);
    return 0;
  } finally {
    await runCleanups(ctx);
    lock.release();
  }
}
