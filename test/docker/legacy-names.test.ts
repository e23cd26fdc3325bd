/**
 * A deployment made before names existed (no `name` in its answers file or its recorded answers) keeps
 * its names through the upgrade of this tool: the same containers, nothing to change.
 * Real Docker, compose v2, PostgreSQL; LiteLLM is the stand-in.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../support/cli.js';
import { docker, removeDeployment } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const root = tempDir();
beforeAll(() => removeDeployment('litellm-mcp'));
afterAll(() => removeDeployment('litellm-mcp'));

describe('a deployment made before names existed', () => {
  const legacy = join(root, 'gateway-from-2026-11');

  it('keeps its names through the upgrade: same containers, nothing to change', async () => {
    mkdirSync(legacy);
    const first = await cli(['init', '--yes', '--dir', legacy, ...imageFlags()]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // As the earlier version wrote them: no name in the answers file or the recorded answers.
    const answers = join(legacy, 'litellm-mcp.yaml');
    writeFileSync(answers, readFileSync(answers, 'utf8').replace(/^name: .*\n/m, ''));
    const stateFile = join(legacy, '.litellm-mcp/state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { answers: Record<string, unknown> };
    delete state.answers.name;
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
    const ids = await docker('ps', '-q', '--filter', 'name=^litellm-mcp-');

    const again = await cli(['init', '--yes', '--dir', legacy, ...imageFlags({ name: null })]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await docker('ps', '-q', '--filter', 'name=^litellm-mcp-')).toBe(ids);
    expect(readFileSync(answers, 'utf8')).toMatch(/^name: litellm-mcp$/m);
    expect((await cli(['plan', '--exit-code', '--dir', legacy])).code).toBe(0);
    expect((await cli(['down', '--purge', '--dir', legacy])).code).toBe(0);
  }, 400_000);
});
