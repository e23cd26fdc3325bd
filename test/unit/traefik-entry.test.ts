/** Reading Traefik's entrypoint port from its command line, as people write it. */
import { describe, expect, it } from 'vitest';
import { entrypointPort } from '../../src/phases/g/traefik-entry.js';

describe('entrypointPort', () => {
  it('reads --entrypoints.<name>.address in its spellings', () => {
    expect(entrypointPort(['--providers.docker=true', '--entrypoints.web.address=:80'], 'web')).toBe(80);
    expect(entrypointPort(['--entryPoints.websecure.address=0.0.0.0:8443/tcp'], 'websecure')).toBe(8443);
    expect(entrypointPort(['--entrypoints.web.address', ':8080'], 'web')).toBe(8080);
  });

  it('does not take another entrypoint\'s port or a malformed address', () => {
    expect(entrypointPort(['--entrypoints.websecure.address=:443'], 'web')).toBeUndefined();
    expect(entrypointPort(['--entrypoints.web.address=localhost'], 'web')).toBeUndefined();
    expect(entrypointPort(['--entrypoints.web2.address=:81'], 'web')).toBeUndefined();
  });
});
