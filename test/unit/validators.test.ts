import { describe, expect, it } from 'vitest';
import * as v from '../../src/core/validators.js';
import { resolveAnswers } from '../../src/core/answer-sources.js';
import { UsageError } from '../../src/core/errors.js';

describe('validators', () => {
  it('accepts ports 1-65535 and names the problem otherwise', () => {
    expect(v.port('4000')).toBeUndefined();
    expect(v.port('0')).toMatch(/out of range/);
    expect(v.port('70000')).toMatch(/out of range/);
    expect(v.port('40a0')).toMatch(/not a port number/);
  });

  it('rejects MCP server names with "-" because LiteLLM uses it as the tool separator', () => {
    expect(v.mcpServerName('db_main')).toBeUndefined();
    expect(v.mcpServerName('db-main')).toMatch(/"-" breaks its tool prefix/);
    expect(v.mcpServerName('')).toBeDefined();
  });

  it('accepts only safe PostgreSQL identifiers', () => {
    expect(v.sqlIdentifier('litellm_db')).toBeUndefined();
    for (const hostile of ['Robert"; DROP TABLE x;--', 'a b', 'UPPER', '1abc', 'x'.repeat(64), "o'neil"]) {
      expect(v.sqlIdentifier(hostile), hostile).toBeDefined();
    }
  });

  it('accepts image references with registries, tags and digests, including mirrors', () => {
    for (const ok of ['ghcr.io/berriai/litellm:v1.77.3-stable', 'crystaldba/postgres-mcp', 'registry.lan:5000/mirror/postgres:16-alpine', `postgres@sha256:${'a'.repeat(64)}`]) {
      expect(v.imageRef(ok), ok).toBeUndefined();
    }
    for (const bad of ['Postgres', 'post gres', 'img:tag with space', 'a:b:c']) expect(v.imageRef(bad), bad).toBeDefined();
  });

  it('checks host names, bind addresses and lists', () => {
    expect(v.hostName('linuxserver.lan')).toBeUndefined();
    expect(v.hostName('bad_host!')).toBeDefined();
    expect(v.bindAddress('127.0.0.1')).toBeUndefined();
    expect(v.bindAddress('256.1.1.1')).toBeDefined();
    expect(v.listOf(['openai', 'gemini'])('openai,gemini')).toBeUndefined();
    expect(v.listOf(['openai'])('openai,mistral')).toMatch(/Unknown: mistral/);
  });
});

describe('answer sources', () => {
  it('takes flags over variables over the answers file over defaults', () => {
    const { answers, given } = resolveAnswers({
      flags: { litellmPort: '4100' },
      env: { LITELLM_MCP_LITELLM_PORT: '4200', LITELLM_MCP_MCP_PORT: '48020' },
      file: { path: 'a.yaml', values: { 'litellm-port': 4300, 'mcp-port': 48030, 'db-name': 'from_file', models: ['openai'] } },
    });
    expect(answers.litellmPort).toBe(4100);
    expect(answers.mcpPort).toBe(48020);
    expect(answers.dbName).toBe('from_file');
    expect(answers.models).toEqual(['openai']);
    expect(answers.host).toBe('linuxserver.lan');
    expect([...given].sort()).toEqual(['dbName', 'litellmPort', 'mcpPort', 'models']);
  });

  it('names the flag, the variable or the file key that holds a bad value', () => {
    const bad = (sources: Parameters<typeof resolveAnswers>[0]) => {
      try {
        resolveAnswers(sources);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('expected a UsageError');
    };
    expect(bad({ flags: { litellmPort: 'x' }, env: {} })).toMatch(/^--litellm-port: /);
    expect(bad({ flags: {}, env: { LITELLM_MCP_MCP_SERVER_NAME: 'db-main' } })).toMatch(/^LITELLM_MCP_MCP_SERVER_NAME: /);
    expect(bad({ flags: {}, env: {}, file: { path: 'a.yaml', values: { 'db-user': 'Bad User' } } })).toMatch(/"db-user" in a.yaml/);
    expect(bad({ flags: {}, env: {}, file: { path: 'a.yaml', values: { 'no-such': 1 } } })).toMatch(/unknown answer "no-such"/);
  });
});
