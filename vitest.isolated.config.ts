import { defineConfig } from 'vitest/config';
import { isolated } from './vitest.config.js';

/** The files that run beside the deployment files (see vitest.config.ts), one at a time among themselves. */
export default defineConfig({
  test: {
    include: isolated,
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
