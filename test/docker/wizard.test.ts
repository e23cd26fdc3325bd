/** The interactive wizard, typed into through a pseudo-terminal. Its own deployment name (wizard). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeFileSync } from 'node:fs';
import { answersToFile } from '../../src/core/answer-sources.js';
import { defaultAnswers } from '../support/answers.js';
import { tempDir } from '../support/cli.js';
import { imageFlags } from '../support/images.js';
import { docker, removeDeployment, startPostgres } from '../support/docker.js';
import { closeTerminals, keys, openTerminal, type Terminal } from '../support/pty.js';
import { defaultPorts } from '../../src/core/questions.js';

const name = 'wizard';
const image = inject('postgresImage');
const adminPassword = 'wizard-Admin-pw-7f3a';
const providerKey = 'sk-wizardtest0123456789abcdefXYZ';
const cleanups: Array<() => Promise<void>> = [];
beforeAll(() => removeDeployment(name));
afterEach(async () => {
  closeTerminals();
  await removeDeployment(name);
  for (const undo of cleanups.splice(0).reverse()) await undo();
});

/**
 * Moves a select's cursor to the option matching `option`, as read from the screen (its options are
 * what this host runs, so their order is not known in advance), and submits it.
 */
async function choose(t: Terminal, prompt: RegExp, option: RegExp): Promise<string> {
  await t.waitFor(prompt);
  const screen = await t.waitFor(option);
  const since = [...screen.matchAll(new RegExp(prompt.source, 'g'))].at(-1)?.index ?? 0;
  const lines = screen.slice(since).split('\n').filter((l) => /[●○]/.test(l));
  const active = lines.findIndex((l) => l.includes('●'));
  const target = lines.findIndex((l) => option.test(l));
  expect(target, `no option ${option} in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
  t.press((target >= active ? keys.down : keys.up).repeat(Math.abs(target - active)) + keys.enter);
  return lines[target]!;
}

describe('init, interactive', () => {
  it('quick path: a PostgreSQL and a Traefik found running here are offered, a free port suggested, the provider key asked masked, the rest not asked', async () => {
    const dir = tempDir();
    const pg = 'wizard-found-pg';
    const edge = 'wizard-found-traefik';
    for (const n of [pg, edge]) await docker('rm', '-f', n).catch(() => undefined);
    for (const n of [`${pg}-net`, `${edge}-net`]) await docker('network', 'rm', n).catch(() => undefined);
    await docker('network', 'create', `${pg}-net`);
    await docker('network', 'create', `${edge}-net`);
    cleanups.push(async () => {
      for (const n of [pg, edge]) await docker('rm', '-f', n).catch(() => undefined);
      for (const n of [`${pg}-net`, `${edge}-net`]) await docker('network', 'rm', n).catch(() => undefined);
    });
    await startPostgres(image, pg, `${pg}-net`, adminPassword);
    await docker('run', '-d', '--name', edge, '--network', `${edge}-net`, '-v', '/var/run/docker.sock:/var/run/docker.sock:ro', inject('images').traefik,
      '--entrypoints.traefik.address=:8080', '--entrypoints.web.address=:80', '--providers.docker=true', '--providers.docker.exposedbydefault=false', `--providers.docker.network=${edge}-net`);
    // The deployment's own LiteLLM port is taken: the next free one is suggested.
    const taken = defaultPorts(name).litellm;
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(taken, '0.0.0.0', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));

    const t = openTerminal(['init', '--dir', dir, ...imageFlags({ name })], {});
    await choose(t, /Which PostgreSQL should LiteLLM use\?/, new RegExp(`${pg}, running here on ${pg}-net`));
    await t.waitFor(/Shared PostgreSQL admin user/);
    t.press(keys.enter);
    await t.waitFor(new RegExp(`Host port for LiteLLM \\(${taken + 1} is free\\)`));
    t.press(keys.enter);
    await t.waitFor(/Host port for the MCP server \(\d+ is free\)/);
    t.press(keys.enter);
    await choose(t, /Route LiteLLM through Traefik/, new RegExp(`Yes, through ${edge} \\(${edge}-net, entrypoint web\\)`));
    await t.waitFor(/Providers to add/);
    t.press(keys.space + keys.enter); // OpenAI
    await t.waitFor(/OpenAI API key \(OPENAI_API_KEY; Enter to skip/);
    t.press(`${providerKey}${keys.enter}`);
    await t.waitFor(/Customise the rest \(\d+ more/);
    t.press(keys.enter); // no
    const summary = await t.waitFor(/Run phases A to G with these answers\?/);
    expect(summary).toMatch(new RegExp(`Database:\\s+shared, ${pg}:5432 on ${pg}-net \\(admin postgres\\)`));
    expect(summary).toMatch(new RegExp(`Traefik:\\s+litellm\\.${hostname().replace(/\./g, '\\.')} via web`));
    t.press(keys.enter);
    await t.waitFor(/Password of the PostgreSQL admin postgres/);
    t.press(`${adminPassword}${keys.enter}`);
    await t.waitFor(/Phases A to G done/, 240_000);
    expect(await t.exit).toBe(0);

    const saved = parse(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8'));
    expect(saved).toMatchObject({ host: hostname(), 'litellm-port': taken + 1, 'db-strategy': 'shared', 'db-host': pg, 'postgres-network': `${pg}-net`, traefik: true, 'traefik-network': `${edge}-net`, 'traefik-entrypoint': 'web', models: ['openai'] });
    const keysFile = join(dir, 'secrets', 'providers.env');
    expect(readFileSync(keysFile, 'utf8')).toMatch(new RegExp(`^OPENAI_API_KEY=${providerKey}$`, 'm'));
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    expect(t.screen()).toMatch(/Provider API keys: keys present for openai/);
    // Typed masked, kept in the keys file only.
    for (const text of [t.screen(), readFileSync(join(dir, 'STATUS.md'), 'utf8'), readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8'), readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')]) {
      expect(text).not.toContain(providerKey);
      expect(text).not.toContain(adminPassword);
    }
  }, 300_000);

  it('customising the rest asks every other question, with the same validators', async () => {
    const dir = tempDir();
    // Traefik given (a flag): its question is not asked whatever other files run beside this one.
    const t = openTerminal(['init', '--dir', dir, ...imageFlags({ name }), '--no-traefik'], {});
    await choose(t, /Which PostgreSQL should LiteLLM use\?/, /A dedicated PostgreSQL container/);
    await t.waitFor(/Host port for LiteLLM/);
    t.press(keys.backspace.repeat(5) + '4105' + keys.enter);
    await t.waitFor(/Host port for the MCP server/);
    t.press(keys.enter);
    await t.waitFor(/Providers to add/);
    t.press(keys.space + keys.enter); // OpenAI
    await t.waitFor(/OpenAI API key/);
    t.press(keys.enter); // skipped: added later
    await t.waitFor(/Customise the rest/);
    t.press('y');
    await t.waitFor(/Host name of this Docker host/);
    t.press(keys.backspace.repeat(80) + 'gateway.lan' + keys.enter);
    // The image questions are answered by the flags (the test images), so they are not asked.
    for (const prompt of [/Address LiteLLM is published on/, /Database for LiteLLM/, /Login role for LiteLLM/, /Docker network for the gateway/, /Address the MCP server is published on/, /MCP access mode/, /Database the MCP server exposes/, /Read-only role for the MCP server/]) {
      await t.waitFor(prompt);
      t.press(keys.enter);
    }
    await t.waitFor(/MCP server name in LiteLLM/);
    t.press(keys.backspace.repeat(7) + 'db-main' + keys.enter);
    await t.waitFor(/"db-main" cannot be an MCP server name/);
    t.press(keys.backspace.repeat(7) + 'db_main' + keys.enter);
    await t.waitFor(/MCP access group/);
    t.press(keys.enter);
    const summary = await t.waitFor(/Run phases A to G with these answers\?/);
    expect(summary).toMatch(/LiteLLM:\s+litellm-mcp-test\/litellm-standin:\w+ on 0\.0\.0\.0:4105/);
    expect(summary).toMatch(/Models:\s+mock-gpt, openai/);
    t.press(keys.enter);
    await t.waitFor(/Phases A to G done/, 180_000);
    expect(await t.exit).toBe(0);
    const saved = parse(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8'));
    expect(saved).toMatchObject({ host: 'gateway.lan', 'litellm-port': 4105, models: ['openai'], 'mcp-server-name': 'db_main' });
    expect(t.screen()).toMatch(/Provider API keys: no key yet for OPENAI_API_KEY/);
  }, 300_000);

  it('a cancel at a prompt exits with 130 and records nothing', async () => {
    const dir = join(tempDir(), 'deploy');
    const t = openTerminal(['init', '--dir', dir], {});
    await t.waitFor(/Which PostgreSQL should LiteLLM use/);
    t.press(keys.ctrlC);
    expect(await t.exit).toBe(130);
    expect(t.screen()).toMatch(/Cancelled: nothing was changed/);
    expect(existsSync(join(dir, 'litellm-mcp.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.litellm-mcp', 'state.json'))).toBe(false);
  });

  it('Ctrl-C while a task spinner runs is an interrupt (130), not the success clack would exit with', async () => {
    const dir = tempDir();
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, stringify(answersToFile(defaultAnswers({ postgresImage: image, mcpImage: inject('images').mcp, litellmImage: inject('images').litellm, name }))));
    const t = openTerminal(['init', '--dir', join(dir, 'deploy'), '--answers', answers], {});
    await t.waitFor(/Run phases A to G with these answers\?/);
    t.press(keys.enter);
    await t.waitFor(/MCP server host port/, 30_000);
    await new Promise((r) => setTimeout(r, 300)); // the dedicated database's spinner is now running
    t.press(keys.ctrlC);
    expect(await t.exit).toBe(130);
    const state = JSON.parse(readFileSync(join(dir, 'deploy', '.litellm-mcp', 'state.json'), 'utf8'));
    expect(state.phases.a.status).toBe('interrupted');
    expect(readFileSync(join(dir, 'deploy', 'STATUS.md'), 'utf8')).toMatch(/\(⏸ INTERRUPTED\)/);
    expect(existsSync(join(dir, 'deploy', '.litellm-mcp', 'lock'))).toBe(false);
  });
});
