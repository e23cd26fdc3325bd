/** The options a user would pass for the images, pointed at the locally built test images (nothing can be pulled), and the deployment name. */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { cli } from './cli.js';
import { resetDocker } from './docker.js';

export function imageFlags(overrides: { mcp?: string; litellm?: string; /** null: none, the folder's name decides. */ name?: string | null } = {}): string[] {
  const images = inject('images');
  return [
    // The deployments of these files keep the names made before names existed (they run one at a time);
    // test/docker/two-deployments.test.ts is the one that gives its own.
    ...(overrides.name === null ? [] : ['--name', overrides.name ?? 'litellm-mcp']),
    '--postgres-image', inject('postgresImage'),
    '--mcp-image', overrides.mcp ?? images.mcp,
    '--litellm-image', overrides.litellm ?? images.litellm,
  ];
}

/**
 * One deployment for a whole test file: a clean engine, `init --yes` with the test images, removed when
 * the file is done. The files that use it run their tests in order against it.
 */
export function deployOnce(dir: string): void {
  beforeAll(async () => {
    await resetDocker();
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 300_000);
  afterAll(() => resetDocker());
}
