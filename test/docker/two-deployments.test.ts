/**
 * Two deployments on one Docker host, named from their folders: their own compose projects, containers,
 * networks, ports and keys, side by side; `down` of one never touches the other. It touches nothing
 * but its own two deployments, so it runs beside the other files.
 * Real Docker, compose v2, PostgreSQL; LiteLLM is the stand-in.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/core/questions.js';
import { cli, tempDir } from '../support/cli.js';
import { docker } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const root = tempDir();
const alpha = join(root, 'alpha');
const beta = join(root, 'beta');
const masterKey = (dir: string) => /^LITELLM_MASTER_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/generated.env'), 'utf8'))?.[1] ?? '';
const models = async (port: number, key: string) => (await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status;
const running = async (prefix: string) => (await docker('ps', '--filter', `name=^${prefix}`, '--format', '{{.Names}}')).split('\n').filter(Boolean).sort();
/** Both deployments' projects and networks, whatever state a failed test left them in. */
async function removeAll(): Promise<void> {
  const { execa } = await import('execa');
  for (const project of ['alpha', 'alpha-connector', 'beta', 'beta-connector']) await execa('docker', ['compose', '-p', project, 'down', '--volumes', '--remove-orphans'], { reject: false });
  for (const network of ['alpha-net', 'beta-net']) await execa('docker', ['network', 'rm', network], { reject: false });
}

beforeAll(async () => {
  await removeAll();
  mkdirSync(alpha);
  mkdirSync(beta);
});
afterAll(removeAll);

describe('two deployments on one host', () => {
  const ports = { alpha: defaultPorts('alpha'), beta: defaultPorts('beta') };

  it('each takes its names from its folder: projects, containers, network and ports of its own', async () => {
    expect(ports.alpha.litellm).not.toBe(ports.beta.litellm);
    for (const dir of [alpha, beta]) {
      const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name: null })]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    expect(await running('alpha-')).toEqual(['alpha-connector-postgres-mcp-1', 'alpha-litellm-1', 'alpha-postgres-1']);
    expect(await running('beta-')).toEqual(['beta-connector-postgres-mcp-1', 'beta-litellm-1', 'beta-postgres-1']);
    expect(await docker('inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}', 'beta-litellm-1')).toBe('beta-net');
    expect(readFileSync(join(alpha, 'litellm-mcp.yaml'), 'utf8')).toMatch(new RegExp(`^name: alpha\\n[\\s\\S]*^litellm-port: ${ports.alpha.litellm}$`, 'm'));
    // Separate gateways: each answers on its port with its own master key, and refuses the other's.
    expect(await models(ports.alpha.litellm, masterKey(alpha))).toBe(200);
    expect(await models(ports.beta.litellm, masterKey(beta))).toBe(200);
    expect(await models(ports.beta.litellm, masterKey(alpha))).toBe(401);
  }, 400_000);

  it('down of one leaves the other running and healthy', async () => {
    const r = await cli(['down', '--dir', alpha]);
    expect(r.code, r.stderr).toBe(0);
    expect(await running('alpha-')).toEqual([]);
    expect(await running('beta-')).toEqual(['beta-connector-postgres-mcp-1', 'beta-litellm-1', 'beta-postgres-1']);
    const check = await cli(['check', '--dir', beta]);
    expect(check.code, check.stdout).toBe(0);
  }, 120_000);
});
