/**
 * adopt's judgements on hand-made files, without Docker: what a DATABASE_URL does wrong (named, never
 * quoted), and the findings on a deployment as compose would resolve it. The Docker test
 * (test/docker/adopt-check.test.ts) holds the same against files compose really read and containers
 * really running.
 */
import { describe, expect, it } from 'vitest';
import { databaseUrlProblems } from '../../src/adopt/database-url-problem.js';
import { adoptFindings } from '../../src/adopt/findings.js';
import { serviceKey } from '../../src/adopt/running.js';
import type { HandMade, HandService } from '../../src/adopt/hand-made.js';

const service = (s: Partial<HandService> & Pick<HandService, 'name' | 'image'>): HandService => ({ environment: {}, literal: new Set(), networks: ['net'], command: [], ports: [], mounts: {}, labels: {}, ...s });
const handMade = (services: HandService[], config?: string): HandMade => ({
  from: '/srv/lab',
  stacks: [{ file: '/srv/lab/docker-compose.yml', project: 'lab', services, networks: { net: { name: 'lab-net', external: true } }, envFiles: [] }],
  ...(config ? { config: { file: '/srv/lab/config.yaml', text: config } } : {}),
});

describe('a DATABASE_URL as Prisma reads it', () => {
  it('a raw / ? # in the password is named, with P1013 as the cause; the value is never repeated', () => {
    const [p] = databaseUrlProblems('postgresql://litellm:S3cr/t#pw?x@db:5432/litellm');
    expect(p?.problem).toBe('its password holds "/", "?", "#", not percent-encoded');
    expect(p?.cause).toMatch(/P1013/);
    expect(JSON.stringify(databaseUrlProblems('postgresql://litellm:S3cr/t#pw?x@db:5432/litellm'))).not.toContain('S3cr');
  });

  it('a raw @ or : works (the last @, the first :), and an encoded password is fine', () => {
    expect(databaseUrlProblems('postgresql://litellm:p@ss:w0rd@db:5432/litellm')).toEqual([]);
    expect(databaseUrlProblems(`postgresql://litellm:${encodeURIComponent('S3cr/t#pw')}@db:5432/litellm`)).toEqual([]);
  });

  it('localhost is the container itself; a URL of another scheme is not a PostgreSQL one', () => {
    expect(databaseUrlProblems('postgresql://u:p@localhost:5432/d')).toEqual([{ problem: 'its host is localhost', cause: expect.stringMatching(/container itself/) }]);
    expect(databaseUrlProblems('mysql://u:p@db/d')[0]?.problem).toBe('it is not a postgresql:// URL');
  });
});

describe('findings on a hand-made deployment', () => {
  const mcp = (command: string[], extra: Partial<HandService> = {}) => service({ name: 'mcp-postgres', image: 'crystaldba/postgres-mcp', command, ...extra });
  const litellm = (command = ['--config', '/app/config.yaml']) => service({ name: 'litellm', image: 'ghcr.io/berriai/litellm:v1.77.3-stable', command });

  it('postgres-mcp left in stdio mode is named from its command, not from its state', () => {
    const found = adoptFindings(handMade([litellm(), mcp(['--access-mode=restricted'])], 'mcp_servers:\n  db:\n    url: http://mcp-postgres:8000/sse\n    transport: sse\n'), new Map());
    expect(found.map((f) => f.problem)).toEqual(['postgres-mcp runs in stdio mode: it never opens a port for LiteLLM']);
  });

  it('a server name with "-", a URL on localhost, LiteLLM without --config', () => {
    const found = adoptFindings(handMade([litellm(['--port', '4000']), mcp(['--transport=sse', '--access-mode=restricted'])], 'mcp_servers:\n  db-main:\n    url: http://localhost:8000/sse\n    transport: sse\n'), new Map());
    expect(found.map((f) => f.problem)).toEqual([
      'LiteLLM is started without --config',
      'The MCP server name "db-main" holds "-"',
      'db-main points at localhost',
    ]);
  });

  it('a deployment that follows every rule has no finding', () => {
    const ok = adoptFindings(handMade([
      litellm(),
      mcp(['--transport=sse', '--sse-port', '8010', '--access-mode=restricted'], { environment: { DATABASE_URI: 'postgresql://mcp_ro:pw@db:5432/postgres' }, healthcheck: ['CMD', 'python', '-c', 'import socket'] }),
    ], 'mcp_servers:\n  db:\n    url: http://mcp-postgres:8010/sse\n    transport: sse\n'), new Map());
    expect(ok).toEqual([]);
  });

  it('LiteLLM down on P1013 is one finding, whenever it is sampled: the URL\'s, with the container\'s state in its evidence', () => {
    const bad = service({ name: 'litellm', image: 'ghcr.io/berriai/litellm:v1.77.3-stable', command: ['--config', '/app/config.yaml'], environment: { DATABASE_URL: 'postgresql://litellm:S3cr/t#pw@db:5432/litellm' } });
    const h = handMade([bad]);
    const sampled = (state: string) => adoptFindings(h, new Map([[serviceKey(h.stacks[0]!.file, 'litellm'), {
      container: 'lab-litellm-1', state, restarts: 1, logs: ['prisma db error: Error: P1013: The provided database string is invalid.', 'Application startup failed. Exiting.'],
      ...(state === 'running' ? {} : { exitCode: 3 }),
    }]]));
    for (const state of ['running', 'restarting', 'exited']) {
      const found = sampled(state);
      expect(found.map((f) => f.problem), state).toEqual(['DATABASE_URL of litellm: its password holds "/", "#", not percent-encoded']);
      expect(found[0]?.evidence, state).toMatch(state === 'running' ? /^lab-litellm-1 logged: .*P1013/ : new RegExp(`^lab-litellm-1 \\(${state}, exit code 3\\) logged: .*P1013`));
    }
  });
});
