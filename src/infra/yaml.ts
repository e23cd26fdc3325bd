/**
 * The yaml package, loaded on first use rather than at start-up: it costs about 50 ms to load, and
 * `--help` and `status` never parse YAML. A synchronous require keeps the renderers synchronous.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;

export function yaml(): Yaml {
  // The build points this literal require at dist/vendor/yaml.cjs, a file of its own read on the first call
  // (tsup.config.ts); run from source (the tests), an ES module has no require of its own.
  return (loaded ??= (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml')) as Yaml);
}
