/** The options a user would pass for the images, pointed at the locally built test images (nothing can be pulled), and the deployment name. */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { cli } from './cli.js';
import { removeDeployment } from './docker.js';

export function imageFlags(overrides: { mcp?: string; litellm?: string; /** null: none, the folder's name decides. */ name?: string | null } = {}): string[] {
  const images = inject('images');
  return [
    // Each file gives its deployment a name of its own, so files run side by side; without one, the names
    // made before names existed (test/docker/legacy-names.test.ts).
    ...(overrides.name === null ? [] : ['--name', overrides.name ?? 'litellm-mcp']),
    '--postgres-image', inject('postgresImage'),
    '--mcp-image', overrides.mcp ?? images.mcp,
    '--litellm-image', overrides.litellm ?? images.litellm,
  ];
}

/**
 * One deployment for a whole test file, by its name: none left from an earlier run, `init --yes` with the
 * test images, removed when the file is done. The files that use it run their tests in order against it.
 */
export function deployOnce(dir: string, name: string): void {
  beforeAll(async () => {
    await removeDeployment(name);
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 300_000);
  afterAll(() => removeDeployment(name));
}
