import { defineConfig } from 'vitest/config';

/**
 * Files that disturb the whole Docker engine (restart it), run alone after both other halves
 * (test/run-tests.mjs): any container of another file would stop with it.
 */
export const exclusive = ['test/docker/engine-restart.test.ts', 'test/docker/swarm.test.ts'];

export default defineConfig({
  test: {
    include: exclusive,
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
