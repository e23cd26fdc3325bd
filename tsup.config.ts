import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const outDir = 'dist';
const resolvePackage = createRequire(import.meta.url).resolve;

/**
 * Packages only some commands use, and only part-way through: src/infra/yaml.ts and toml.ts require them on
 * first use. Bundled in place, they would sit in a chunk that every command reaching those helpers imports
 * at start (yaml alone is 260 KB, about 4 ms to compile, and `status` reached it). Each is built to a file
 * of its own in dist/vendor/ instead, which that require reads when first called.
 */
const onFirstUse = ['yaml', 'smol-toml'];

const requiredOnFirstUse: Plugin = {
  name: 'required-on-first-use',
  setup(b) {
    // Only the require calls of yaml.ts and toml.ts: a static import of these packages would still be bundled.
    // The path is relative to dist/, where every chunk is written, the one holding the require included.
    b.onResolve({ filter: new RegExp(`^(${onFirstUse.join('|')})$`) }, (args) =>
      args.kind === 'require-call' ? { path: `./vendor/${args.path}.cjs`, external: true } : undefined);
  },
};

async function buildOnFirstUse(): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(onFirstUse.map((name) => [name, resolvePackage(name)])),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: join(outDir, 'vendor'),
    outExtension: { '.js': '.cjs' },
    logLevel: 'warning',
  });
}

/**
 * esbuild gives every set of modules shared by a different set of commands a chunk of its own: `--help`
 * loaded ten files and `status` twenty-six, and Node 20 fetches each ES module apart (resolve, an
 * asynchronous read, link), which cost `--help` about 5 ms. Rollup (tsup's own dependency) moves code
 * between esbuild's files and nothing else: what cli.js imports at start is put in cli.js, since every
 * command has it loaded already; the commands' own chunks stay as esbuild split them.
 */
async function mergeStartChunks(): Promise<void> {
  const { rollup } = createRequire(resolvePackage('tsup'))('rollup') as typeof import('rollup');
  const bundle = await rollup({
    input: join(outDir, 'cli.js'),
    // Node's modules (the only bare imports left): the vendor files and native parts are loaded by require.
    external: (id) => !id.startsWith('.') && !isAbsolute(id),
    // esbuild has tree-shaken; this pass keeps every statement.
    treeshake: false,
    // cli.js may export what the commands' chunks import from it (main and program stay as they are).
    preserveEntrySignatures: 'allow-extension',
    onwarn(warning) {
      // esbuild leaves an import of Node's child_process that execa's code never reads.
      if (warning.code === 'UNUSED_EXTERNAL_IMPORT') return;
      throw new Error(`re-chunking dist/: ${warning.message}`);
    },
  });
  // esbuild's names (and hashes) kept: a stack trace from a user names the file a build of this source has.
  const { output } = await bundle.generate({ format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name].js' });
  await bundle.close();
  for (const name of readdirSync(outDir)) if (name.endsWith('.js')) rmSync(join(outDir, name));
  for (const file of output) writeFileSync(join(outDir, file.fileName), file.type === 'chunk' ? file.code : file.source);
}

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir,
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
  esbuildPlugins: [requiredOnFirstUse],
  // After the clean and the main build, so that neither undoes these.
  async onSuccess() {
    await buildOnFirstUse();
    await mergeStartChunks();
  },
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
