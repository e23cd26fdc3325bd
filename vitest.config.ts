import { defineConfig } from 'vitest/config';
import { exclusive } from './vitest.exclusive.config.js';

/**
 * Every file but the ones that restart the Docker engine (vitest.exclusive.config.ts, run alone after
 * these by test/run-tests.mjs). The Docker files run side by side: each deploys under a name of its own,
 * so its compose projects, containers, network and default ports are its own
 * (test/unit/test-deployment-names.test.ts keeps the names and ports apart). Three at a time on two
 * cores: most of a Docker file's time is spent waiting for containers, not computing. Four were measured
 * on this machine: the files side by side took 23.6-24.0 min instead of 27.8, but under that load (load
 * average 7-10) one run of two failed two timing-bound stand-in tests (a container's life of 18.4 s against
 * "about 10 s", a backend not yet up behind Traefik): three stay the default until those bounds are
 * judged by something other than time.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...exclusive],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: Number(process.env.LITELLM_MCP_TEST_WORKERS ?? 3),
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
