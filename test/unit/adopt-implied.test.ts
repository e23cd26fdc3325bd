/**
 * What adopt takes over from a deployment made by hand, without Docker: a DATABASE_URL read the way the
 * person meant it, the answers their compose files and config.yaml imply (with where each came from and
 * what is left behind), and the secrets kept as they are. A wrong answer here changes a port clients use,
 * a network the database is reached on, or a key LiteLLM encrypted its stored credentials with.
 */
import { describe, expect, it } from 'vitest';
import { readDatabaseLogin } from '../../src/adopt/database-login.js';
import { impliedAnswers, type DatabaseSeen } from '../../src/adopt/implied-answers.js';
import { keptSecrets } from '../../src/adopt/kept-secrets.js';
import { UsageError } from '../../src/core/errors.js';
import type { HandMade, HandService, HandStack } from '../../src/adopt/hand-made.js';

const service = (s: Partial<HandService> & Pick<HandService, 'name' | 'image'>): HandService => ({ environment: {}, literal: new Set(), networks: ['net'], command: [], ports: [], mounts: {}, labels: {}, ...s });
const external = (...names: string[]): HandStack['networks'] => Object.fromEntries(names.map((n) => [n, { name: n, external: true }]));

// The runbook's layout: litellm/ and mcp/, each with its compose file, on external networks.
const litellmStack = (services: HandService[]): HandStack => ({
  file: '/srv/lab/litellm/docker-compose.yml', project: 'litellm', services,
  networks: external('traefik-proxy', 'postgres-net', 'litellm-mcp-net'), envFiles: [],
});
const mcpStack = (services: HandService[]): HandStack => ({
  file: '/srv/lab/mcp/docker-compose.yml', project: 'mcp', services,
  networks: external('postgres-net', 'litellm-mcp-net'), envFiles: [],
});
const handMade = (stacks: HandStack[], config?: string): HandMade => ({
  from: '/srv/lab',
  stacks,
  ...(config ? { config: { file: '/srv/lab/litellm/config.yaml', text: config } } : {}),
});

const masterKey = 'sk-runbook-Master1';
const saltKey = 'sk-runbook-Salt2';
const litellmPassword = 'S3cr/t#pw';
const adminPassword = 'AdminPw9';

const litellm = (extra: Partial<HandService> = {}) => service({
  name: 'litellm',
  image: 'ghcr.io/berriai/litellm:v1.77.3-stable',
  command: ['--config', '/app/config.yaml', '--port', '4000'],
  ports: [{ target: 4000, published: 4000, hostIp: '127.0.0.1' }],
  networks: ['traefik-proxy', 'postgres-net', 'litellm-mcp-net'],
  environment: { DATABASE_URL: `postgresql://litellm:${litellmPassword}@shared-pg:5432/litellm`, LITELLM_MASTER_KEY: masterKey },
  ...extra,
});
const mcp = (uri = `postgresql://postgres:${adminPassword}@shared-pg:5432/litellm`) => service({
  name: 'mcp-postgres',
  image: 'crystaldba/postgres-mcp',
  command: ['--transport=sse'],
  ports: [{ target: 8000, published: 18010 }],
  networks: ['litellm-mcp-net', 'postgres-net'],
  environment: { DATABASE_URI: uri },
});
const sharedPg: DatabaseSeen = { container: 'shared-pg', networks: ['postgres-net', 'bridge'], adminUser: 'postgres' };
const config = [
  'model_list:',
  '  - model_name: mock-gpt',
  '    litellm_params: { model: openai/mock-gpt, mock_response: hi }',
  '  - model_name: my-llama',
  '    litellm_params: { model: ollama/llama3 }',
  'mcp_servers:',
  '  postgres-db:',
  "    url: 'http://mcp-postgres:8686'",
  '',
].join('\n');

const runbook = (litellmService = litellm(), mcpService = mcp()) =>
  handMade([litellmStack([litellmService, service({ name: 'webui', image: 'ghcr.io/open-webui/open-webui:main', networks: ['traefik-proxy'] })]), mcpStack([mcpService])], config);

describe('a DATABASE_URL read the way the person meant it', () => {
  it('a raw / and # in the password are the password', () => {
    expect(readDatabaseLogin(`postgresql://litellm:${litellmPassword}@db:5432/litellm`)).toEqual({ user: 'litellm', password: 'S3cr/t#pw', host: 'db', port: 5432, database: 'litellm' });
  });

  it('a percent-encoded password is decoded, and the port defaults to 5432', () => {
    expect(readDatabaseLogin('postgresql://litellm:S3cr%2Ft%23pw@db/litellm')).toEqual({ user: 'litellm', password: 'S3cr/t#pw', host: 'db', port: 5432, database: 'litellm' });
  });

  it('a raw @ and : in the password: the last @ and the first : split it', () => {
    expect(readDatabaseLogin('postgresql://u:p@ss:w0rd@db:6543/x')).toEqual({ user: 'u', password: 'p@ss:w0rd', host: 'db', port: 6543, database: 'x' });
  });

  it('the database defaults to the user; postgres:// is the same scheme', () => {
    expect(readDatabaseLogin('postgres://litellm:pw@db:5433')).toEqual({ user: 'litellm', password: 'pw', host: 'db', port: 5433, database: 'litellm' });
  });

  it('what follows the last @ is the host, even a short one', () => {
    expect(readDatabaseLogin('postgresql://u:p@ss')).toEqual({ user: 'u', password: 'p', host: 'ss', port: 5432, database: 'u' });
  });

  it('a bracketed IPv6 host keeps its colons, and its port is read after the bracket', () => {
    expect(readDatabaseLogin('postgresql://u:p@[fd00::5]:5433/x')).toEqual({ user: 'u', password: 'p', host: '[fd00::5]', port: 5433, database: 'x' });
  });

  it('another scheme, or nothing after the last @, is no login', () => {
    expect(readDatabaseLogin('mysql://a:b@h/x')).toBeUndefined();
    expect(readDatabaseLogin('postgresql://u:p@ss@')).toBeUndefined();
    expect(readDatabaseLogin('postgresql://u:p@/litellm')).toBeUndefined();
  });
});

describe('the answers the runbook deployment implies', () => {
  const implied = impliedAnswers(runbook(), sharedPg);

  it('LiteLLM keeps its image, its port and its address', () => {
    expect(implied.answers).toMatchObject({ litellmImage: 'ghcr.io/berriai/litellm:v1.77.3-stable', litellmPort: '4000', bindAddress: '127.0.0.1' });
    expect(implied.from.litellmPort).toBe('litellm/docker-compose.yml → litellm → ports');
  });

  it('the shared database: its host, port, database, user and admin from the URL and the container', () => {
    expect(implied.answers).toMatchObject({ dbStrategy: 'shared', dbHost: 'shared-pg', dbPort: '5432', dbName: 'litellm', dbUser: 'litellm', dbAdminUser: 'postgres' });
    expect(implied.from.dbAdminUser).toBe("shared-pg's POSTGRES_USER");
    expect(implied.litellmLogin?.password).toBe(litellmPassword);
  });

  it('the networks: the database one, the one shared with the MCP server, the rest kept as extra', () => {
    expect(implied.answers).toMatchObject({ postgresNetwork: 'postgres-net', network: 'litellm-mcp-net', extraNetworks: 'traefik-proxy' });
    expect(implied.from.postgresNetwork).toBe('the network LiteLLM shares with shared-pg');
  });

  it('no Traefik labels: no Traefik answers', () => {
    for (const key of ['traefik', 'traefikHost', 'traefikEntrypoint', 'traefikNetwork'] as const) expect(implied.answers[key]).toBeUndefined();
  });

  it("the MCP server: its image, published port, postgres-mcp's default mode, its database", () => {
    expect(implied.answers).toMatchObject({ mcpImage: 'crystaldba/postgres-mcp', mcpPort: '18010', mcpBindAddress: '0.0.0.0', mcpAccessMode: 'unrestricted', mcpDatabase: 'litellm' });
  });

  it('an MCP server logged in as the admin is marked so, and gets no role answer', () => {
    expect(implied.mcpIsAdmin).toBe(true);
    expect(implied.mcpLogin?.user).toBe('postgres');
    expect(implied.answers.mcpRole).toBeUndefined();
  });

  it('the server name from config.yaml, with "_" for "-", says so', () => {
    expect(implied.answers.mcpServerName).toBe('postgres_db');
    expect(implied.from.mcpServerName).toBe('litellm/config.yaml → mcp_servers (postgres-db, with "_" for "-")');
    expect(implied.answers.mcpAccessGroup).toBeUndefined();
  });

  it('a model other than the mock is carried as an extra model; nothing is left behind', () => {
    expect(implied.models.extraModels.map((m) => m.model_name)).toEqual(['my-llama']);
    expect(implied.leftBehind).toEqual([]);
  });

  it('LiteLLM and the MCP server are replaced; every other service runs on untouched', () => {
    expect(implied.replaced.map((l) => l.service.name)).toEqual(['litellm', 'mcp-postgres']);
    expect(implied.untouched.map((l) => l.service.name)).toEqual(['webui']);
  });
});

describe('a PostgreSQL in LiteLLM\'s own compose file', () => {
  // One file, compose's own network for it (no `networks:`): the database is a service beside LiteLLM.
  const stack: HandStack = {
    file: '/srv/lab/docker-compose.yml', project: 'lab', envFiles: [], networks: { default: { name: 'lab_default', external: false } },
    services: [
      litellm({ networks: ['default'], environment: { DATABASE_URL: 'postgresql://llm:pw@db:5432/litellm', LITELLM_MASTER_KEY: masterKey } }),
      service({ name: 'db', image: 'postgres:16-alpine', networks: ['default'], environment: { POSTGRES_USER: 'admin', POSTGRES_PASSWORD: adminPassword } }),
      service({ name: 'mcp-postgres', image: 'crystaldba/postgres-mcp:latest', command: ['--transport=sse'], networks: ['default'], ports: [{ target: 8000, published: 18010 }], environment: { DATABASE_URI: 'postgresql://reader:ro@db:5432/app' } }),
    ],
  };
  const implied = impliedAnswers(handMade([stack]), undefined);

  it('is the database kept: its service name as host, its POSTGRES_USER as admin, the network they share', () => {
    expect(implied.answers).toMatchObject({ dbStrategy: 'shared', dbHost: 'db', dbAdminUser: 'admin', postgresNetwork: 'lab_default', dbUser: 'llm', mcpRole: 'reader', mcpDatabase: 'app' });
    expect(implied.from.dbAdminUser).toBe('docker-compose.yml → db → POSTGRES_USER');
  });

  it('runs on untouched; LiteLLM and the MCP server share no other network, so the gateway network is litellm-mcp\'s own', () => {
    expect(implied.untouched.map((l) => l.service.name)).toEqual(['db']);
    expect(implied.answers.network).toBeUndefined();
  });
});

describe('Traefik labels on LiteLLM', () => {
  const labels = {
    'traefik.enable': 'true',
    'traefik.http.routers.llm.rule': 'Host(`llm.lan`)',
    'traefik.http.routers.llm.entrypoints': 'web',
    'traefik.docker.network': 'traefik-proxy',
  };
  // A network of its own compose project (no `name:`) is `<project>_<key>` in Docker.
  const implied = impliedAnswers(runbook(litellm({ labels, networks: ['traefik-proxy', 'postgres-net', 'litellm-mcp-net', 'monitoring'] })), sharedPg);

  it('give the host, entrypoint and network of its router', () => {
    expect(implied.answers).toMatchObject({ traefik: 'true', traefikHost: 'llm.lan', traefikEntrypoint: 'web', traefikNetwork: 'traefik-proxy' });
    expect(implied.from.traefikHost).toBe('litellm/docker-compose.yml → litellm → labels (router rule)');
  });

  it("Traefik's network is not an extra one", () => {
    expect(implied.answers.extraNetworks).toBe('litellm_monitoring');
  });
});

describe('an MCP server with a read-only login of its own', () => {
  const h = runbook(litellm(), mcp('postgresql://mcp_ro:R0nly-pw@shared-pg:5432/litellm'));
  const implied = impliedAnswers(h, sharedPg);

  it('keeps its role, and is not the admin', () => {
    expect(implied.answers.mcpRole).toBe('mcp_ro');
    expect(implied.from.mcpRole).toBe('mcp/docker-compose.yml → mcp-postgres → DATABASE_URI (its user)');
    expect(implied.mcpIsAdmin).toBe(false);
  });

  it('keeps its password', () => {
    const kept = keptSecrets(h, implied);
    expect(kept.secrets.mcpDbPassword).toBe('R0nly-pw');
    expect(kept.notes).toContain('MCP_DB_PASSWORD kept, from mcp/docker-compose.yml → mcp-postgres → DATABASE_URI (its password)');
  });
});

describe('the secrets kept', () => {
  /** The UsageError keptSecrets throws for these files (the test fails when it throws none). */
  const refusal = (h: HandMade): UsageError => {
    try {
      keptSecrets(h, impliedAnswers(h, sharedPg));
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return error as UsageError;
    }
    throw new Error('keptSecrets kept a secret it cannot write');
  };

  it('master key, salt key and LiteLLM database password are kept; the notes say where from, never the value', () => {
    const h = runbook(litellm({ environment: { ...litellm().environment, LITELLM_SALT_KEY: saltKey } }));
    const { secrets, notes } = keptSecrets(h, impliedAnswers(h, sharedPg));
    expect(secrets).toEqual({ masterKey, saltKey, litellmDbPassword: litellmPassword });
    expect(notes).toEqual([
      'LITELLM_MASTER_KEY kept, from litellm/docker-compose.yml → litellm → LITELLM_MASTER_KEY',
      'LITELLM_SALT_KEY kept, from litellm/docker-compose.yml → litellm → LITELLM_SALT_KEY',
      'LITELLM_DB_PASSWORD kept, from litellm/docker-compose.yml → litellm → DATABASE_URL (its password)',
      'MCP_DB_PASSWORD generated, for the read-only role that replaces the admin login of the MCP server',
    ]);
    const said = notes.join('\n');
    for (const value of [masterKey, saltKey, litellmPassword, adminPassword]) expect(said).not.toContain(value);
  });

  it('without LITELLM_SALT_KEY the salt is the master key (what LiteLLM encrypted with)', () => {
    const h = runbook();
    const { secrets, notes } = keptSecrets(h, impliedAnswers(h, sharedPg));
    expect(secrets.saltKey).toBe(masterKey);
    expect(notes).toContain('LITELLM_SALT_KEY kept, from the master key, which LiteLLM encrypts with when no salt key is set');
  });

  it('the admin login of the MCP server is not kept as its password', () => {
    const h = runbook();
    const { secrets } = keptSecrets(h, impliedAnswers(h, sharedPg));
    expect(secrets.mcpDbPassword).toBeUndefined();
    expect(Object.values(secrets)).not.toContain(adminPassword);
  });

  it('a master key with a space is refused, with --new-secret as the fix', () => {
    const h = runbook(litellm({ environment: { ...litellm().environment, LITELLM_MASTER_KEY: 'sk-has space' } }));
    const e = refusal(h);
    expect(e.message).toBe('LITELLM_MASTER_KEY (litellm/docker-compose.yml → litellm → LITELLM_MASTER_KEY) holds a space, a quote, "\\" or "$": it cannot be written to an env file as it is.');
    expect(e.message).not.toContain('sk-has space');
    expect(e.fix).toMatch(/--new-secret LITELLM_MASTER_KEY/);
  });

  it('a salt key with a $ is refused the same way', () => {
    const h = runbook(litellm({ environment: { ...litellm().environment, LITELLM_SALT_KEY: 'sk-salt$HOME' } }));
    expect(refusal(h).fix).toMatch(/--new-secret LITELLM_SALT_KEY/);
  });

  describe('--new-secret LITELLM_MASTER_KEY', () => {
    const h = runbook();
    const { secrets, notes } = keptSecrets(h, impliedAnswers(h, sharedPg), ['LITELLM_MASTER_KEY']);

    it('the master key is generated anew; the salt stays the old master key', () => {
      expect(secrets.masterKey).toBeUndefined();
      expect(secrets.saltKey).toBe(masterKey);
      expect(notes).toContain('LITELLM_MASTER_KEY generated anew (--new-secret)');
    });

    it('the notes do not say no master key was set', () => {
      expect(notes.filter((n) => n.startsWith('LITELLM_MASTER_KEY'))).toEqual(['LITELLM_MASTER_KEY generated anew (--new-secret)']);
    });
  });
});
