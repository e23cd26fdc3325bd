/** The image options a user would pass, pointed at the locally built test images (nothing can be pulled). */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { cli } from './cli.js';
import { resetDocker } from './docker.js';

export function imageFlags(overrides: { mcp?: string; litellm?: string } = {}): string[] {
  const images = inject('images');
  return [
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
