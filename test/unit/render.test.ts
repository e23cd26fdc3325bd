import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderLitellmCompose } from '../../src/render/litellm-compose.js';
import { renderLitellmConfig } from '../../src/render/litellm-config.js';
import { renderMcpCompose } from '../../src/render/mcp-compose.js';
import { litellmConfigProblems } from '../../src/phases/c/litellm-rules.js';
import { transportsFromHelp } from '../../src/phases/d/mcp-transport.js';
import { defaultAnswers } from '../support/answers.js';

// Values no validator would let through, to prove the renderer alone cannot be broken by data.
const hostile = `img"with'quotes: and # a comment\nnew: line $HOME \${VAR} ünïcödé ✓`;

describe('LiteLLM compose (phase B)', () => {
  it('pins the image, mounts the config read-only, publishes on the bind address, probes health with Python', () => {
    const doc = parse(renderLitellmCompose(defaultAnswers()));
    const litellm = doc.services.litellm;
    expect(litellm.image).toBe('ghcr.io/berriai/litellm:v1.77.3-stable');
    expect(litellm.volumes).toEqual(['./config/config.yaml:/app/config.yaml:ro']);
    expect(litellm.ports).toEqual(['0.0.0.0:4000:4000']);
    expect(litellm.env_file).toEqual(['../secrets/litellm.env', '../secrets/providers.env']);
    expect(litellm.healthcheck.test.slice(0, 2)).toEqual(['CMD', 'python3']);
    expect(litellm.restart).toBe('unless-stopped');
    expect(doc.networks).toEqual({ gateway: { name: 'litellm-mcp-net', external: true } });
  });

  it('adds the dedicated PostgreSQL with pg_isready, a named volume and LiteLLM waiting for it', () => {
    const doc = parse(renderLitellmCompose(defaultAnswers({ dbStrategy: 'dedicated', postgresImage: 'mirror.lan/postgres:16' })));
    expect(doc.services.postgres.image).toBe('mirror.lan/postgres:16');
    expect(doc.services.postgres.healthcheck.test).toContain('pg_isready');
    expect(doc.services.postgres.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(doc.services.litellm.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(doc.volumes).toEqual({ pgdata: {} });
  });

  it('leaves out the database service for a shared PostgreSQL and joins its network', () => {
    const doc = parse(renderLitellmCompose(defaultAnswers({ dbStrategy: 'shared', postgresNetwork: 'postgres-net' })));
    expect(doc.services.postgres).toBeUndefined();
    expect(doc.volumes).toBeUndefined();
    expect(doc.services.litellm.depends_on).toBeUndefined();
    expect(doc.services.litellm.networks).toEqual(['gateway', 'postgres']);
    expect(doc.networks.postgres).toEqual({ name: 'postgres-net', external: true });
  });

  it('adds Traefik labels and network only when chosen', () => {
    const plain = parse(renderLitellmCompose(defaultAnswers()));
    // Without Traefik only the labels log shippers select by.
    expect(plain.services.litellm.labels).toEqual({ logging: 'enabled', project: 'litellm-mcp' });
    const doc = parse(renderLitellmCompose(defaultAnswers({ traefik: true, traefikHost: 'litellm.linuxserver.lan', traefikEntrypoint: 'websecure' })));
    expect(doc.services.litellm.labels['traefik.http.routers.litellm.rule']).toBe('Host(`litellm.linuxserver.lan`)');
    expect(doc.services.litellm.labels['traefik.http.routers.litellm.entrypoints']).toBe('websecure');
    // The unauthenticated /mcp-rest/test endpoints go to Traefik's noop service, on the same host and entrypoint.
    expect(doc.services.litellm.labels['traefik.http.routers.litellm-mcp-rest-test.rule']).toBe('Host(`litellm.linuxserver.lan`) && PathPrefix(`/mcp-rest/test`)');
    expect(doc.services.litellm.labels['traefik.http.routers.litellm-mcp-rest-test.service']).toBe('noop@internal');
    expect(doc.services.litellm.labels['traefik.http.routers.litellm-mcp-rest-test.entrypoints']).toBe('websecure');
    expect(Number(doc.services.litellm.labels['traefik.http.routers.litellm-mcp-rest-test.priority'])).toBeGreaterThan(doc.services.litellm.labels['traefik.http.routers.litellm-mcp-rest-test.rule'].length);
    expect(doc.networks.traefik).toEqual({ name: 'traefik-proxy', external: true });
  });

  it('hardens every service and labels it for log shippers', () => {
    const litellm = parse(renderLitellmCompose(defaultAnswers({ logProject: 'homelab' })));
    const mcp = parse(renderMcpCompose(defaultAnswers({ logProject: 'homelab' })));
    const services = { ...litellm.services, ...mcp.services };
    expect(Object.keys(services).sort()).toEqual(['litellm', 'postgres', 'postgres-mcp']);
    for (const [name, s] of Object.entries(services) as [string, Record<string, any>][]) {
      expect(s.security_opt, name).toEqual(['no-new-privileges:true']);
      expect(s.logging, name).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
      expect(s.labels, name).toMatchObject({ logging: 'enabled', project: 'homelab' });
      expect(s.mem_limit, name).toMatch(/^\d+[mg]$/);
      expect(s.pids_limit, name).toBeGreaterThan(0);
    }
    expect(services['postgres-mcp']).toMatchObject({ cap_drop: ['ALL'], read_only: true, tmpfs: ['/tmp'] });
    expect(services.postgres).toMatchObject({ cap_drop: ['ALL'], cap_add: ['CHOWN', 'DAC_READ_SEARCH', 'FOWNER', 'SETGID', 'SETUID'] });
  });

  it('keeps hostile values intact as data, with "$" escaped for compose', () => {
    const text = renderLitellmCompose(defaultAnswers({ litellmImage: hostile, traefik: true, traefikHost: hostile }));
    const doc = parse(text);
    expect(doc.services.litellm.image).toBe(hostile.replace(/\$/g, '$$$$'));
    expect(doc.services.litellm.labels['traefik.http.routers.litellm.rule']).toBe(`Host(\`${hostile.replace(/\$/g, '$$$$')}\`)`);
    expect(Object.keys(doc)).toEqual(['name', 'services', 'networks', 'volumes']);
  });

  it('starts with the generated-file header', () => {
    expect(renderLitellmCompose(defaultAnswers())).toMatch(/^# Generated by litellm-mcp .*Regenerate with: npx litellm-mcp phase b/);
  });
});

describe('LiteLLM config (phase C)', () => {
  it('declares the mock model, settings from the environment and the MCP server over SSE', () => {
    const doc = parse(renderLitellmConfig(defaultAnswers({ models: ['openai', 'anthropic'] })));
    expect(doc.model_list.map((m: { model_name: string }) => m.model_name)).toEqual(['mock-gpt', 'gpt-4o', 'claude-3-5-sonnet']);
    expect(doc.model_list[0].litellm_params.mock_response).toBeTruthy();
    expect(doc.model_list[1].litellm_params.api_key).toBe('os.environ/OPENAI_API_KEY');
    expect(doc.general_settings).toMatchObject({ master_key: 'os.environ/LITELLM_MASTER_KEY', database_url: 'os.environ/DATABASE_URL' });
    expect(doc.litellm_settings.json_logs).toBe(true);
    expect(doc.mcp_servers.db_main).toMatchObject({ url: 'http://postgres-mcp:8000/sse', transport: 'sse', access_groups: ['db_readers'] });
  });

  it('passes its own LiteLLM rule check, and the check catches what LiteLLM rejects', () => {
    expect(litellmConfigProblems(renderLitellmConfig(defaultAnswers()))).toEqual([]);
    const broken = 'mcp_servers:\n  db-main:\n    url: http://localhost:8686/mcp\n  other:\n    transport: sse\n    url: http://x:8000/messages\n';
    const problems = litellmConfigProblems(broken);
    expect(problems.join('\n')).toMatch(/"db-main" contains "-"/);
    expect(problems.join('\n')).toMatch(/db-main has no transport/);
    expect(problems.join('\n')).toMatch(/localhost/);
    expect(problems.join('\n')).toMatch(/other uses SSE but its URL does not end in \/sse/);
  });

  it('keeps a hostile database name intact in the description', () => {
    const doc = parse(renderLitellmConfig(defaultAnswers({ mcpDatabase: hostile })));
    expect(doc.mcp_servers.db_main.description).toContain(hostile);
  });
});

describe('MCP compose (phase D)', () => {
  it('runs postgres-mcp over SSE in restricted mode, publishing container port 8000 on the chosen host port', () => {
    const doc = parse(renderMcpCompose(defaultAnswers()));
    const mcp = doc.services['postgres-mcp'];
    expect(mcp.image).toBe('crystaldba/postgres-mcp');
    expect(mcp.command).toEqual(['--access-mode=restricted', '--transport=sse']);
    expect(mcp.ports).toEqual(['127.0.0.1:18010:8000']);
    expect(mcp.env_file).toEqual(['../../secrets/postgres-mcp.env']);
    expect(mcp.healthcheck.test.join(' ')).toContain("socket.create_connection(('127.0.0.1',8000),2)");
  });
});

describe('MCP image transports', () => {
  it('reads them from postgres-mcp\'s argparse help', () => {
    expect(transportsFromHelp('usage: postgres-mcp [-h] [--access-mode {unrestricted,restricted}] [--transport {stdio,sse}]')).toEqual(['stdio', 'sse']);
    expect(transportsFromHelp('usage: other [-h]')).toBeUndefined();
  });
});
