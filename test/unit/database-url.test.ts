import { describe, expect, it } from 'vitest';
import { databaseUrl } from '../../src/render/database-url.js';

describe('databaseUrl', () => {
  it('percent-encodes user and password so that every character survives URL parsing', () => {
    const password = 'a/b?c#d@e:f%g]h$i j';
    const url = databaseUrl({ user: 'us@r', password, host: 'postgres', port: 5432, database: 'litellm_db' });
    const parsed = new URL(url);
    expect(parsed.hostname).toBe('postgres');
    expect(parsed.port).toBe('5432');
    expect(decodeURIComponent(parsed.password)).toBe(password);
    expect(decodeURIComponent(parsed.username)).toBe('us@r');
    expect(url).not.toContain('$');
  });

  it('refuses localhost: inside a container it is the container itself', () => {
    expect(() => databaseUrl({ user: 'u', password: 'p', host: 'localhost', port: 5432, database: 'd' })).toThrow(/container itself/);
  });
});
