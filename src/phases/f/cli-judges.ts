/**
 * The command-line clients judge their own files, when they are installed here (FACTS.md, seen):
 * `claude mcp list` and `gemini mcp list` connect and print Connected or not; `codex mcp get --json`
 * shows how Codex parsed its table. Each runs with a throwaway HOME holding only our file, the key in
 * its environment (never in argv), and the URL this machine can reach.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { readClientKey } from '../../core/client-key.js';
import { TaskFailure } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { verifyTask, type Check } from '../../core/task.js';
import { entryName, keyVariable } from './clients/client.js';
import { reachableUrl } from './gateway-address.js';

interface Verdict {
  cli: string;
  ok: boolean;
  said: string;
}

type Judge = (ctx: Context, home: string, env: Record<string, string>) => Promise<Verdict | undefined>;

async function run(command: string, args: string[], env: Record<string, string>, cwd: string) {
  const { execa } = await import('execa');
  return execa(command, args, { env, extendEnv: false, cwd, reject: false, timeout: 60_000, stdin: 'ignore' });
}

async function found(command: string, env: Record<string, string>): Promise<boolean> {
  const { execa } = await import('execa');
  return (await execa('sh', ['-c', `command -v ${command}`], { env, extendEnv: false, reject: false })).exitCode === 0;
}

/** Our client file's JSON, with the URL this machine reaches in place of the one clients use. */
async function reachableJson(ctx: Context, rel: string): Promise<Record<string, unknown>> {
  const data = JSON.parse(readFileSync(join(ctx.paths.dir, rel), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
  const entry = data.mcpServers?.[entryName];
  for (const field of ['url', 'httpUrl'] as const) if (entry && typeof entry[field] === 'string') entry[field] = await reachableUrl(ctx, entry[field]);
  return data;
}

const statusLine = (text: string) => text.split('\n').find((l) => l.includes(`${entryName}:`))?.trim() ?? text.trim().split('\n').pop() ?? '';

const claude: Judge = async (ctx, home, env) => {
  if (!(await found('claude', env))) return undefined;
  // A user-scope entry in ~/.claude.json: no approval step, and ${VAR} expands there too.
  writeFileSync(join(home, '.claude.json'), JSON.stringify({ mcpServers: (await reachableJson(ctx, 'clients/claude-code.mcp.json')).mcpServers }));
  const r = await run('claude', ['mcp', 'list'], { ...env, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', MCP_TIMEOUT: '15000' }, home);
  const line = statusLine(r.stdout);
  return { cli: 'claude mcp list', ok: /✔ Connected|✓ Connected/.test(line), said: line };
};

const gemini: Judge = async (ctx, home, env) => {
  if (!(await found('gemini', env))) return undefined;
  mkdirSync(join(home, '.gemini'), { recursive: true });
  writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(await reachableJson(ctx, 'clients/gemini.settings.json')));
  // Outside a trusted folder every server shows "Disabled".
  writeFileSync(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [home]: 'TRUST_FOLDER' }));
  const r = await run('gemini', ['mcp', 'list'], env, home);
  const line = statusLine(`${r.stdout}\n${r.stderr}`);
  return { cli: 'gemini mcp list', ok: /✓ .*Connected/.test(line), said: line };
};

const codex: Judge = async (ctx, home, env) => {
  if (!(await found('codex', env))) return undefined;
  const text = readFileSync(join(ctx.paths.dir, 'clients/codex.config.toml'), 'utf8');
  writeFileSync(join(home, 'config.toml'), `check_for_update_on_startup = false\n${text}`);
  const r = await run('codex', ['mcp', 'get', entryName, '--json'], { ...env, CODEX_HOME: home }, home);
  let parsed: { transport?: { type?: string; url?: string; bearer_token_env_var?: string } } | undefined;
  try {
    parsed = JSON.parse(r.stdout) as typeof parsed;
  } catch {
    return { cli: 'codex mcp get --json', ok: false, said: (r.stderr || r.stdout).trim().split('\n').pop() ?? `exit ${r.exitCode}` };
  }
  const t = parsed?.transport;
  const ok = t?.type === 'streamable_http' && t.bearer_token_env_var === keyVariable && typeof t.url === 'string' && t.url.endsWith('/mcp/');
  return { cli: 'codex mcp get --json', ok, said: `${t?.type ?? 'no transport'} ${t?.url ?? ''} with ${t?.bearer_token_env_var ?? 'no key variable'}` };
};

export const cliJudgesTask = verifyTask('Installed client CLIs accept their files', async (ctx): Promise<Check> => {
  const key = readClientKey(ctx.paths.clientKeyFile);
  if (!key) throw new TaskFailure('There is no client key (secrets/client.env).', 'Run `litellm-mcp phase f` to mint it.');
  // Side by side, each in a home of its own: they share nothing, and each takes seconds to start.
  const judged = await Promise.all([claude, gemini, codex].map(async (judge) => {
    const home = mkdtempSync(join(tmpdir(), 'litellm-mcp-client-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, [keyVariable]: key };
      return await judge(ctx, home, env);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }));
  const verdicts = judged.filter((v): v is Verdict => v !== undefined);
  if (verdicts.length === 0) return { status: 'ok', message: 'none of claude, gemini, codex is installed here: their files are proven above by reading them as they do' };
  const said = verdicts.map((v) => `${v.cli}: ${redact(v.said)}`).join('; ');
  const failed = verdicts.filter((v) => !v.ok);
  if (failed.length > 0) {
    throw new TaskFailure(`${failed.map((v) => v.cli).join(', ')} did not accept ${failed.length === 1 ? 'its file' : 'their files'}: ${said}`, 'Compare the files in clients/ with `litellm-mcp plan`; `litellm-mcp phase f --force` writes them again.');
  }
  return { status: 'ok', message: said, facts: { 'Client CLIs': said } };
});
