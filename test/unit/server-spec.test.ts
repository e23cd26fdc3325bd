/** The `mcp-servers:` list of the answers file, read with the same rules as `mcp add`'s flags. */
import { describe, expect, it } from 'vitest';
import { answersToFile, resolveAnswers } from '../../src/core/answer-sources.js';
import { parseServerSpecs, serverNameProblem } from '../../src/servers/server-spec.js';
import { renderLitellmConfig } from '../../src/render/litellm-config.js';
import { renderServerCompose } from '../../src/servers/server-compose.js';
import { parse } from 'yaml';
import { defaultAnswers } from '../support/answers.js';

const docs = { name: 'docs', recipe: 'filesystem', image: 'supercorp/supergateway:latest', transport: 'sse', port: 8000, 'host-port': 18011, 'access-group': 'docs', folder: '/srv/docs' };

describe('mcp-servers in the answers file', () => {
  it('round-trips through the answers file and keeps PostgreSQL\'s own answers as they were', () => {
    const { answers } = resolveAnswers({ flags: {}, env: {}, file: { path: 'a.yaml', values: { 'mcp-servers': [docs] } } });
    expect(answers.mcpServers).toEqual([{ name: 'docs', recipe: 'filesystem', image: 'supercorp/supergateway:latest', transport: 'sse', port: 8000, hostPort: 18011, accessGroup: 'docs', folder: '/srv/docs' }]);
    expect(answersToFile(answers)['mcp-servers']).toEqual([docs]);
    expect(answers.mcpServerName).toBe('db_main');
    // A file without servers writes no key: existing deployments' files stay byte for byte.
    expect('mcp-servers' in answersToFile(defaultAnswers())).toBe(false);
  });

  it('refuses what LiteLLM or Docker would refuse, naming the entry and the field', () => {
    const bad = (entry: Record<string, unknown>) => () => parseServerSpecs([{ ...docs, ...entry }], 'a.yaml');
    expect(bad({ name: 'my-docs' })).toThrow(/entry 1 in a\.yaml: "my-docs" holds a "-"/);
    expect(bad({ transport: 'stdio' })).toThrow(/transport "stdio" is not sse or http/);
    expect(bad({ 'host-port': 70000 })).toThrow(/entry 1 in a\.yaml/);
    expect(bad({ recipe: 'postgres' })).toThrow(/unknown recipe "postgres"/);
    expect(bad({ folder: undefined })).toThrow(/"folder" is missing/);
    expect(bad({ colour: 'red' })).toThrow(/unknown field "colour"/);
    expect(() => parseServerSpecs([docs, { ...docs, name: 'Docs' }], 'a.yaml')).toThrow(/entry 2 .*already behind the gateway \(names differ only in case/);
    expect(() => parseServerSpecs({ docs }, 'a.yaml')).toThrow(/must be a list/);
    expect(serverNameProblem('9lives')).toMatch(/is not a server name/);
  });

  it('renders its compose file and config.yaml entry: explicit transport, in-network URL, folder read-only, 127.0.0.1 only', () => {
    const a = defaultAnswers({ mcpServers: parseServerSpecs([docs], 'a.yaml') });
    const config = parse(renderLitellmConfig(a)) as { mcp_servers: Record<string, { url: string; transport: string; access_groups: string[] }> };
    expect(config.mcp_servers.docs).toMatchObject({ url: 'http://mcp-docs:8000/sse', transport: 'sse', access_groups: ['docs'] });
    expect(Object.keys(config.mcp_servers)).toEqual(['db_main', 'docs']);
    const compose = parse(renderServerCompose(a, a.mcpServers[0]!)) as { name: string; services: { server: Record<string, unknown> } };
    expect(compose.name).toBe('litellm-mcp-mcp-docs');
    expect(compose.services.server).toMatchObject({ volumes: ['/srv/docs:/data:ro'], ports: ['127.0.0.1:18011:8000'], cap_drop: ['ALL'], networks: { gateway: { aliases: ['mcp-docs'] } } });
    expect(compose.services.server.command).toEqual(['--stdio', 'npx -y @modelcontextprotocol/server-filesystem@2026.8.31 /data', '--port', '8000', '--ssePath', '/sse', '--messagePath', '/message', '--healthEndpoint', '/healthz']);
  });
});
