/**
 * A LiteLLM + postgres-mcp deployment made by hand, written for the adopt tests from the runbook this
 * project comes from: LiteLLM's compose file on three external networks (Traefik's, the shared
 * PostgreSQL's, one for MCP), its DATABASE_URL in .env with a password that breaks Prisma, config.yaml
 * pointing at http://mcp-postgres:8686 with the default transport, and a postgres-mcp compose file with a
 * curl healthcheck on /health, connecting as the database admin. `working` writes the same deployment
 * done right. Images are the test images; names carry a prefix so test files do not meet.
 */
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, startPostgres } from './docker.js';

export interface HandMadeOptions {
  prefix: string;
  litellmImage: string;
  mcpImage: string;
  /** The shared PostgreSQL container (on `${prefix}-postgres-net`) and its admin password. */
  database: string;
  adminPassword: string;
  /** The read-only role's password, for the working one. */
  readonlyPassword: string;
  litellmPort: number;
  working: boolean;
}

/** The working deployment's own model reads its key from LiteLLM's environment. */
export const teamKey = 'sk-team-handmade-0123456789abcdef';

export const handMadeNetworks = (prefix: string) => ['traefik-proxy', 'postgres-net', 'litellm-mcp-net'].map((n) => `${prefix}-${n}`);

export function writeHandMade(dir: string, o: HandMadeOptions): void {
  const [traefik, postgres, mcp] = handMadeNetworks(o.prefix);
  mkdirSync(join(dir, 'litellm'), { recursive: true });
  mkdirSync(join(dir, 'mcp-postgres'), { recursive: true });
  const password = o.working ? encodeURIComponent('S3cr/t#pw') : 'S3cr/t#pw';
  writeFileSync(join(dir, 'litellm', '.env'), [
    `DATABASE_URL=postgresql://litellm:${password}@${o.database}:5432/litellm`,
    'LITELLM_SALT_KEY=sk-salt-handmade-0123456789abcdef',
    ...(o.working ? ['LITELLM_MASTER_KEY=sk-master-handmade-0123456789abcdef', `TEAM_LLM_KEY=${teamKey}`] : []),
    '',
  ].join('\n'), { mode: 0o600 });
  writeFileSync(join(dir, 'litellm', 'docker-compose.yml'), `name: ${o.prefix}-litellm
services:
  litellm:
    image: ${o.litellmImage}
    restart: unless-stopped
    ports: ["127.0.0.1:${o.litellmPort}:4000"]
    volumes: ["./config.yaml:/app/config.yaml:ro"]
    command: ["--config", "/app/config.yaml", "--port", "4000"]
    env_file: [.env]
${o.working ? '' : '    environment:\n      LITELLM_MASTER_KEY: sk-master-handmade-0123456789abcdef\n'}    networks: [traefik-proxy, postgres-net, litellm-mcp-net]
networks:
  traefik-proxy: { external: true, name: ${traefik} }
  postgres-net: { external: true, name: ${postgres} }
  litellm-mcp-net: { external: true, name: ${mcp} }
`);
  writeFileSync(join(dir, 'litellm', 'config.yaml'), `model_list:
  - model_name: mock-gpt
    litellm_params: { model: openai/mock-gpt, mock_response: "hello" }
${o.working ? '  - model_name: team-llm\n    litellm_params: { model: openai/team-llm, api_key: os.environ/TEAM_LLM_KEY, mock_response: "team answer" }\n' : ''}mcp_servers:
  postgres_db:
${o.working ? '    url: http://mcp-postgres:8000/sse\n    transport: sse\n' : '    url: http://mcp-postgres:8686\n'}general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
`);
  const uri = o.working ? `postgresql://mcp_ro:${encodeURIComponent(o.readonlyPassword)}@${o.database}:5432/postgres` : `postgresql://postgres:${encodeURIComponent(o.adminPassword)}@${o.database}:5432/postgres`;
  writeFileSync(join(dir, 'mcp-postgres', '.env'), `DATABASE_URI=${uri}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'mcp-postgres', 'docker-compose.yml'), `name: ${o.prefix}-mcp
services:
  mcp-postgres:
    image: ${o.mcpImage}
    restart: unless-stopped
    command: ["--access-mode=${o.working ? 'restricted' : 'unrestricted'}", "--transport=sse"]
    env_file: [.env]
    ports: ["127.0.0.1:${o.litellmPort + 1}:8000"]
    healthcheck:
${o.working ? `      test: ["CMD", "python", "-c", "import socket;socket.create_connection(('127.0.0.1',8000),2)"]` : '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]'}
      interval: 2s
      retries: 3
    networks: [litellm-mcp-net, postgres-net]
networks:
  litellm-mcp-net: { external: true, name: ${mcp} }
  postgres-net: { external: true, name: ${postgres} }
`);
}

/** The compose projects the hand-made deployment runs under (its folders' compose files name them). */
export const handMadeProjects = (prefix: string) => [`${prefix}-litellm`, `${prefix}-mcp`];

/** Takes down the hand-made stacks (and `more` projects), the shared PostgreSQL and the networks. */
export async function removeHandMade(prefix: string, database: string, more: string[] = []): Promise<void> {
  for (const project of [...handMadeProjects(prefix), ...more]) await execa('docker', ['compose', '-p', project, 'down', '--remove-orphans'], { reject: false });
  await docker('rm', '-f', database).catch(() => undefined);
  for (const n of handMadeNetworks(prefix)) await docker('network', 'rm', n).catch(() => undefined);
}

/** Polls until `ok` holds, or fails naming what never happened. */
export async function until(what: string, ok: () => Promise<boolean>, ms = 90_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`never: ${what}`);
}

/**
 * The host the hand-made deployment lives on: its three networks and a shared PostgreSQL holding the
 * roles the person made (LiteLLM's, with the password Prisma cannot parse raw, and a read-only one).
 */
export async function startHandMadeHost(prefix: string, database: string, image: string, adminPassword: string, readonlyPassword: string, more: string[] = []): Promise<void> {
  await removeHandMade(prefix, database, more);
  for (const n of handMadeNetworks(prefix)) await docker('network', 'create', n);
  await startPostgres(image, database, `${prefix}-postgres-net`, adminPassword);
  const sql = (statement: string) => docker('exec', database, 'psql', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', statement);
  await sql("CREATE ROLE litellm LOGIN PASSWORD 'S3cr/t#pw'");
  await sql('CREATE DATABASE litellm OWNER litellm');
  await sql(`CREATE ROLE mcp_ro LOGIN PASSWORD '${readonlyPassword}' IN ROLE pg_read_all_data`);
}
