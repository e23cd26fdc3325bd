import { defineConfig } from 'vitest/config';
import { exclusive } from './vitest.exclusive.config.js';

/**
 * Every file but the ones that restart the Docker engine (vitest.exclusive.config.ts, run alone after
 * these by test/run-tests.mjs). The Docker files run side by side: each deploys under a name of its own,
 * so its compose projects, containers, network and default ports are its own
 * (test/unit/test-deployment-names.test.ts keeps the names and ports apart). Four at a time on two
 * cores: most of a Docker file's time is spent waiting for containers, not computing. Measured on this
 * machine: the files side by side took 27.8 min with three and 23.6 min with four (the suite 31.6 and 28.0
 * min in all, green both times); each file ran a little slower, none failed.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...exclusive],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: Number(process.env.LITELLM_MCP_TEST_WORKERS ?? 4),
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
