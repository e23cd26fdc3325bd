// Bundles a test image's TypeScript entry points into single ESM files for `docker import`.
// usage: node bundle.mjs OUTDIR ENTRY...   (each ENTRY becomes OUTDIR/<name>.mjs)
import { build } from 'esbuild';
import { basename } from 'node:path';

const [outdir, ...entries] = process.argv.slice(2);
await build({
  entryPoints: Object.fromEntries(entries.map((e) => [basename(e).replace(/\.[mc]?[jt]s$/, ''), e])),
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  logLevel: 'error',
  // Bundled CommonJS packages (express, pg) still call require for Node's built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
