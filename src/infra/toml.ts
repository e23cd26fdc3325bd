/**
 * smol-toml, loaded on first use like the yaml package (infra/yaml.ts): only Codex's client file is
 * TOML, and every command that loads the phase catalog (most do) loads the task that writes it.
 */
import { createRequire } from 'node:module';

type Toml = typeof import('smol-toml');
let loaded: Toml | undefined;

export function toml(): Toml {
  // The build points this literal require at dist/vendor/smol-toml.cjs, a file of its own read on the first call
  // (tsup.config.ts); run from source (the tests), an ES module has no require of its own.
  return (loaded ??= (typeof require === 'function' ? require('smol-toml') : createRequire(import.meta.url)('smol-toml')) as Toml);
}
