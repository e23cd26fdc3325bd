/**
 * smol-toml, loaded on first use like the yaml package (infra/yaml.ts): only Codex's client file is
 * TOML, and `status` and `--help` load the phase catalog that names it.
 */
import { createRequire } from 'node:module';

type Toml = typeof import('smol-toml');
let loaded: Toml | undefined;

export function toml(): Toml {
  return (loaded ??= createRequire(import.meta.url)('smol-toml') as Toml);
}
