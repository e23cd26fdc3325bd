import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  // Code splitting keeps dockerode, pg and the MCP SDK out of the start-up path: commands import them lazily.
  splitting: true,
  clean: true,
  sourcemap: false,
  dts: false,
});
