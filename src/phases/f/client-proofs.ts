/**
 * Each client file, read back as its client reads it and connected the way that client connects: the
 * file on disk is the input, so an edit that breaks it (a wrong URL, a header without "Bearer ") fails
 * here with the client's name.
 */
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { readClientKey } from '../../core/client-key.js';
import { TaskFailure } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { verifyTask, type Check, type Task } from '../../core/task.js';
import { readIfExists } from '../../infra/files.js';
import { keyVariable, type ClientSpec } from './clients/client.js';
import { clients } from './clients/catalog.js';
import { ClientReadError, type ClientEnv, type Connection } from './clients/connection.js';
import { proveConnection } from './connection-proof.js';

/** What clients/README.md tells the person to set: the key in LITELLM_API_KEY, typed at VS Code's prompt. */
export function clientEnv(key: string): ClientEnv {
  return { vars: { [keyVariable]: key, OPENAI_API_KEY: key }, inputs: { 'litellm-key': key } };
}

function describe(c: Connection): string {
  if (c.kind === 'mcp') return `MCP ${c.url} (${Object.keys(c.headers).join(', ') || 'no headers'})`;
  if (c.kind === 'llm') return `OpenAI API ${c.baseUrl}`;
  return `stdio: ${c.command} ${c.args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}`;
}

const started = new WeakSet<Context>();

/**
 * The first proof task starts every client's proofs at once (each memoized per connection), so the phase
 * takes as long as its slowest proof, not their sum; each task then reports its own. A file that cannot
 * be read starts nothing here: its own task reads it again and says why.
 */
function startAll(ctx: Context, key: string): void {
  if (started.has(ctx)) return;
  started.add(ctx);
  for (const spec of clients) {
    const text = readIfExists(join(ctx.paths.dir, spec.rel));
    if (text === undefined || (spec.embedsKey && !text.includes(key))) continue;
    let connections: Connection[] = [];
    try {
      connections = spec.read(text, clientEnv(key));
    } catch (error) {
      if (!(error instanceof ClientReadError)) throw error;
    }
    for (const c of connections) void proveConnection(ctx, c);
  }
}

function proofTask(spec: ClientSpec): Task {
  return verifyTask(`${spec.name} connects with ${spec.rel}`, async (ctx: Context): Promise<Check> => {
    const text = readIfExists(join(ctx.paths.dir, spec.rel));
    if (text === undefined) throw new TaskFailure(`${spec.rel} does not exist.`, 'Run `litellm-mcp phase f` to write it.');
    const key = readClientKey(ctx.paths.clientKeyFile);
    if (!key) throw new TaskFailure('There is no client key (secrets/client.env).', 'Run `litellm-mcp phase f` to mint it.');
    // A file that embeds the key and still works with another one (an edit kept through a rotation) would
    // pass here and break once that key is deleted at the end of the phase: it must hold the current key.
    if (spec.embedsKey && !text.includes(key)) {
      throw new TaskFailure(
        `${spec.rel} does not hold the client key in secrets/client.env (edited by hand, and kept when the key changed); it stops working when its key is deleted.`,
        `Merge ${spec.rel}.new into it if there is one, or run \`litellm-mcp phase f --force\` to write it again.`,
      );
    }
    startAll(ctx, key);
    let connections: Connection[];
    try {
      connections = spec.read(text, clientEnv(key));
    } catch (error) {
      if (error instanceof ClientReadError) throw new TaskFailure(`${spec.name} cannot use ${spec.rel}: ${error.message}.`, error.fix);
      throw error;
    }
    const proofs = await Promise.all(connections.map(async (c) => ({ c, proof: await proveConnection(ctx, c) })));
    const failed = proofs.find((p) => !p.proof.ok);
    if (failed && !failed.proof.ok) {
      throw new TaskFailure(
        `${spec.name} would fail with ${spec.rel}: ${describe(failed.c)}: ${failed.proof.why}`,
        `Compare ${spec.rel} with a fresh copy (\`litellm-mcp plan\` shows the difference; \`phase f --force\` restores it), and check the key with \`litellm-mcp phase f\`.`,
      );
    }
    const evidence = proofs.map((p) => (p.proof.ok ? `${describe(p.c)}: ${p.proof.evidence}` : '')).join('; ');
    return { status: 'ok', message: redact(evidence), facts: { [`Client ${spec.name}`]: redact(evidence) } };
  });
}

export const clientProofTasks: Task[] = clients.map(proofTask);
