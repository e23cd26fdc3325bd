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
  // One package: every dependency is bundled into dist/, so `npx litellm-mcp` installs this package alone.
  noExternal: [/.*/],
  // Optional native parts that their packages load inside try/catch and work without: ssh2's
  // cpu-features and its sshcrypto binding, pg's pg-native.
  external: ['cpu-features', 'pg-native', /\.node$/],
  // Bundled CommonJS calls require() and reads __dirname/__filename; an ES module has none of its own.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
});
