import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, redact, registerSecret } from '../../src/core/redact.js';

describe('redact', () => {
  afterEach(clearSecrets);

  it('hides registered secrets, also in their percent-encoded form', () => {
    registerSecret('p@ss/w0rd#with?odd');
    const text = `password p@ss/w0rd#with?odd or ${encodeURIComponent('p@ss/w0rd#with?odd')}`;
    expect(redact(text)).toBe('password *** or ***');
  });

  it('hides keys, URL passwords and NAME=value secrets it was never told about', () => {
    expect(redact('key sk-AbCdEf1234567890')).toBe('key sk-***');
    expect(redact('postgresql://litellm_user:s3cr%2Ft@postgres:5432/litellm_db')).toBe('postgresql://litellm_user:***@postgres:5432/litellm_db');
    expect(redact('OPENAI_API_KEY=abc123 POSTGRES_PASSWORD: hunter22')).toBe('OPENAI_API_KEY=*** POSTGRES_PASSWORD: ***');
  });

  it('hides a secret of any length, and one that contains another whole', () => {
    registerSecret('pw1');
    registerSecret('xpw1y-longer');
    expect(redact('admin password pw1 and xpw1y-longer')).toBe('admin password *** and ***');
    expect(redact('postgresql://postgres:pw1@db:5432/x PGPASSWORD=pw1')).toBe('postgresql://postgres:***@db:5432/x PGPASSWORD=***');
  });

  it('hides a very short secret where it stands alone, not inside words', () => {
    registerSecret('x');
    expect(redact('fix: network does not exist; password x, "x"')).toBe('fix: network does not exist; password ***, "***"');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Phase A: created role litellm_user, database litellm_db on 172.18.0.2:5432';
    expect(redact(text)).toBe(text);
  });
});
