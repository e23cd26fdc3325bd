/**
 * Provider keys given without prompts: a key file flag, or the usual variable. Each run stops right after
 * phase A's "Provider API keys" task (LITELLM_MCP_FAILPOINT), before any network or container is made.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { imageFlags } from '../support/images.js';

const work = mkdtempSync(join(tmpdir(), 'litellm-mcp-keys-'));
// Images, folders, secrets, LiteLLM env, provider keys file, MCP env, PostgreSQL env, provider API keys.
const throughKeys = { LITELLM_MCP_FAILPOINT: 'task:8' };
const keyFile = (value: string) => {
  const f = join(mkdtempSync(join(work, 'k-')), 'openai.key');
  writeFileSync(f, `${value}\n`, { mode: 0o600 });
  return f;
};
const run = (dir: string, extra: string[], env: Record<string, string> = {}) =>
  cli(['init', '--yes', '--dir', dir, ...imageFlags({ name: null }), '--models', 'openai', ...extra], { ...throughKeys, ...env });
const providers = (dir: string) => readFileSync(join(dir, 'secrets', 'providers.env'), 'utf8');

describe('provider keys without prompts', () => {
  it('--openai-api-key-file writes the key to secrets/providers.env (0600) and nowhere else', async () => {
    const dir = join(work, 'from-file');
    const key = 'sk-fromfile0123456789abcdefABCDEF';
    const r = await run(dir, ['--openai-api-key-file', keyFile(key)]);
    // A new keys file is written with it: the last task finds it there.
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/ok\s+Provider API keys: keys present for openai/);
    expect(providers(dir)).toMatch(new RegExp(`^OPENAI_API_KEY=${key}$`, 'm'));
    expect(statSync(join(dir, 'secrets', 'providers.env')).mode & 0o777).toBe(0o600);
    for (const text of [r.stdout, r.stderr, readFileSync(join(dir, 'STATUS.md'), 'utf8'), readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8'), readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')]) {
      expect(text).not.toContain(key);
    }
  });

  it('OPENAI_API_KEY fills a key not stored yet and never replaces one; a key file does, keeping the person\'s lines', async () => {
    const dir = join(work, 'from-env');
    await run(dir, [], { OPENAI_API_KEY: 'sk-fromenv-first-0123456789abcdef' });
    expect(providers(dir)).toMatch(/^OPENAI_API_KEY=sk-fromenv-first-0123456789abcdef$/m);
    writeFileSync(join(dir, 'secrets', 'providers.env'), `${providers(dir)}# my note\nMY_OWN=1\n`, { mode: 0o600 });

    const stale = await run(dir, [], { OPENAI_API_KEY: 'sk-stale-shell-0123456789abcdef' });
    expect(stale.stdout).toMatch(/ok\s+Provider API keys: keys present for openai/);
    expect(providers(dir)).toMatch(/^OPENAI_API_KEY=sk-fromenv-first-0123456789abcdef$/m);

    const replaced = await run(dir, ['--openai-api-key-file', keyFile('sk-replaced-0123456789abcdef')], { OPENAI_API_KEY: 'sk-stale-shell-0123456789abcdef' });
    expect(replaced.stdout).toMatch(/changed\s+Provider API keys: set OPENAI_API_KEY \(from --openai-api-key-file\)/);
    expect(providers(dir)).toMatch(/^OPENAI_API_KEY=sk-replaced-0123456789abcdef$/m);
    expect(providers(dir)).toMatch(/^# my note\nMY_OWN=1$/m);
  });

  it('a key file holding more than a key: exit 2 naming the flag and the problem, nothing written', async () => {
    const dir = join(work, 'bad-file');
    const r = await run(dir, ['--openai-api-key-file', keyFile('sk-one two')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: --openai-api-key-file .*openai\.key: it holds a space or a line break; paste the key alone\.\nfix: Write the key alone on one line/);
    expect(() => statSync(dir)).toThrow();
  });
});
