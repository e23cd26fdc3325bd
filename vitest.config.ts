import { defineConfig } from 'vitest/config';

/**
 * Files that touch nothing but containers and networks of their own (random host ports, names of their
 * own): `vitest.isolated.config.ts` runs them in a second process beside these (test/run-tests.mjs).
 * diagnoses.test.ts has its own deployment name too but stays here: its restart loops and health waits
 * failed once under the load of both processes on two cores.
 */
export const isolated = [
  'test/unit/**/*.test.ts',
  'test/docker/litellm-standin.test.ts',
  'test/docker/litellm-standin-keys.test.ts',
  'test/docker/postgres-mcp-image.test.ts',
  'test/docker/traefik-standin.test.ts',
  'test/docker/health-wait.test.ts',
  'test/docker/two-deployments.test.ts',
  'test/docker/crash-points.test.ts',
  'test/docker/drift.test.ts',
  'test/docker/down-purge.test.ts',
  'test/docker/upgrade.test.ts',
  'test/docker/faults.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...isolated],
    globalSetup: ['test/support/global-setup.ts'],
    // These files' deployments share the legacy names, host ports and the test PostgreSQL: one at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
