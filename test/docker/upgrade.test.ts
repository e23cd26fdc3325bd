/**
 * Upgrade and rollback of the LiteLLM image: plan shows the change; upgrade recreates LiteLLM only and
 * proves it; an image that fails is named with the way back; rollback restores the previous image and
 * proves it again. The database (keys, data) survives both: the client key works throughout.
 * "Versions" are tags of the LiteLLM stand-in; the broken one is the stand-in with an entrypoint that
 * fails at start. Its own deployment name (upgrade): it runs beside the other files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli, tempDir } from '../support/cli.js';
import { docker, removeDeployment } from '../support/docker.js';
import { defaultPorts } from '../../src/core/questions.js';
import { imageFlags } from '../support/images.js';

const name = 'upgrade';
const dir = join(tempDir(), name);
const next = 'litellm-mcp-test/litellm-standin:next';
const broken = 'litellm-mcp-test/litellm-standin:broken';
const id = (container: string) => docker('inspect', '-f', '{{.Id}}', container);
const imageOf = (container: string) => docker('inspect', '-f', '{{.Config.Image}}', container);
const clientKey = () => /^LITELLM_API_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/client.env'), 'utf8'))?.[1] ?? '';
const modelsWithClientKey = async () => (await fetch(`http://127.0.0.1:${defaultPorts(name).litellm}/v1/models`, { headers: { authorization: `Bearer ${clientKey()}` } })).status;

beforeAll(async () => {
  await removeDeployment(name);
  const standin = inject('images').litellm;
  await docker('tag', standin, next);
  const scratch = `${name}-derive-${process.pid}`;
  await docker('create', '--name', scratch, standin);
  try {
    await docker('commit', '--change', 'ENTRYPOINT ["/bin/sh", "-c", "echo \'ImportError: this release is broken\' >&2; exit 3"]', scratch, broken);
  } finally {
    await docker('rm', '-f', scratch);
  }
  const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
}, 300_000);
afterAll(async () => {
  await removeDeployment(name);
  await docker('rmi', next, broken).catch(() => undefined);
});

describe('upgrade and rollback', () => {
  it('plan shows the new image in the compose file before anything changes', async () => {
    const answers = join(dir, 'litellm-mcp.yaml');
    const text = readFileSync(answers, 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(answers, text.replace(/^litellm-image: .*$/m, `litellm-image: ${next}`));
    try {
      const plan = await cli(['plan', '--exit-code', '--dir', dir]);
      expect(plan.code).toBe(1);
      expect(plan.stdout).toMatch(/LiteLLM compose file: would change/);
      expect(plan.stdout).toContain(`+    image: ${next}`);
    } finally {
      writeFileSync(answers, text);
    }
  });

  it('upgrade recreates LiteLLM only, proves it, and the client key still works', async () => {
    const before = { mcp: await id(`${name}-connector-postgres-mcp-1`), db: await id(`${name}-postgres-1`), litellm: await id(`${name}-litellm-1`) };
    const r = await cli(['upgrade', '--litellm-image', next, '--dir', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok\s+MCP tools through LiteLLM: listed, called, and seen by an MCP client/);
    expect(r.stdout).toContain(`LiteLLM now runs ${next}, proven.`);
    expect(await imageOf(`${name}-litellm-1`)).toBe(next);
    expect(await id(`${name}-litellm-1`)).not.toBe(before.litellm);
    expect(await id(`${name}-connector-postgres-mcp-1`)).toBe(before.mcp);
    expect(await id(`${name}-postgres-1`)).toBe(before.db);
    expect(await modelsWithClientKey()).toBe(200);
    expect(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')).toMatch(new RegExp(`^litellm-image: ${next}$`, 'm'));
  }, 300_000);

  it('an upgrade that fails is named with the way back; rollback restores the previous image and proves it', async () => {
    const r = await cli(['upgrade', '--litellm-image', broken, '--dir', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/failed\s+LiteLLM stack deployed and healthy/);
    expect(r.stderr).toContain(`the upgrade to ${broken} did not pass phase E`);
    expect(r.stderr).toContain(`\`litellm-mcp rollback\` puts ${next} back and proves it again`);

    const back = await cli(['rollback', '--dir', dir]);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stdout).toMatch(/ok\s+MCP tools through LiteLLM: listed, called, and seen by an MCP client/);
    expect(back.stdout).toContain(`LiteLLM runs ${next} again, proven (it had been upgraded to ${broken}).`);
    expect(await imageOf(`${name}-litellm-1`)).toBe(next);
    expect(await modelsWithClientKey()).toBe(200);
    // The way back is used up.
    const again = await cli(['rollback', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/There is no upgrade to roll back/);
  }, 400_000);
});
