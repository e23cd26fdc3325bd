/**
 * smol-toml, loaded on first use like the yaml package (infra/yaml.ts): only Codex's client file is
 * TOML, and `status` and `--help` load the phase catalog that names it.
 */
import { createRequire } from 'node:module';

type Toml = typeof import('smol-toml');
let loaded: Toml | undefined;

export function toml(): Toml {
  // The bundle (tsup) sees this literal require and puts the package in, still loaded on first call; run
  // from source (the tests), an ES module has no require of its own.
  return (loaded ??= (typeof require === 'function' ? require('smol-toml') : createRequire(import.meta.url)('smol-toml')) as Toml);
}
