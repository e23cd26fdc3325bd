/** The interactive wizard, typed into through a pseudo-terminal. Its own deployment name (wizard). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeFileSync } from 'node:fs';
import { answersToFile } from '../../src/core/answer-sources.js';
import { defaultAnswers } from '../support/answers.js';
import { tempDir } from '../support/cli.js';
import { imageFlags } from '../support/images.js';
import { removeDeployment } from '../support/docker.js';
import { keys, openTerminal } from '../support/pty.js';

const name = 'wizard';
const image = inject('postgresImage');
beforeAll(() => removeDeployment(name));
afterEach(() => removeDeployment(name));

describe('init, interactive', () => {
  it('takes typed answers, shows the summary, and runs phases A to G on confirmation', async () => {
    const dir = tempDir();
    const t = openTerminal(['init', '--dir', dir, ...imageFlags({ name })], {});
    await t.waitFor(/Host name of this Docker host/);
    t.press(keys.backspace.repeat('linuxserver.lan'.length) + 'gateway.lan' + keys.enter);
    // The image questions are answered by the flags (the test images), so they are not asked.
    await t.waitFor(/Host port for LiteLLM/);
    t.press(keys.backspace.repeat(4) + '4105' + keys.enter);
    for (const prompt of [/Address LiteLLM is published on/, /Which PostgreSQL/, /Database for LiteLLM/, /Login role for LiteLLM/, /Docker network for the gateway/, /Add Traefik labels/]) {
      await t.waitFor(prompt);
      t.press(keys.enter);
    }
    await t.waitFor(/Providers to add/);
    t.press(keys.space + keys.enter); // OpenAI
    for (const prompt of [/Host port for the MCP server/, /Address the MCP server is published on/, /MCP access mode/, /Database the MCP server exposes/, /Read-only role for the MCP server/]) {
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
    await t.waitFor(/Phases A to G done/, 90_000);
    expect(await t.exit).toBe(0);
    const saved = parse(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8'));
    expect(saved).toMatchObject({ host: 'gateway.lan', 'litellm-port': 4105, models: ['openai'], 'mcp-server-name': 'db_main' });
    expect(t.screen()).toMatch(/Provider API keys: no key yet for OPENAI_API_KEY/);
  });

  it('a cancel at a prompt exits with 130 and records nothing', async () => {
    const dir = join(tempDir(), 'deploy');
    const t = openTerminal(['init', '--dir', dir], {});
    await t.waitFor(/Host name of this Docker host/);
    t.press(keys.ctrlC);
    expect(await t.exit).toBe(130);
    expect(t.screen()).toMatch(/Cancelled: nothing was changed/);
    expect(existsSync(join(dir, 'litellm-mcp.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.litellm-mcp', 'state.json'))).toBe(false);
  });

  it('Ctrl-C while a task spinner runs is an interrupt (130), not the success clack would exit with', async () => {
    const dir = tempDir();
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, stringify(answersToFile(defaultAnswers({ postgresImage: image, name }))));
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
