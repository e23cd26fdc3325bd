/**
 * The answers a hand-made deployment implies: its images, host ports and addresses, networks, the
 * shared database with LiteLLM's own database and role, the MCP server's name, access group and mode.
 * Pure: the files as read and the database container as found in, answers out, each with where it came
 * from. What the model cannot hold is listed, never dropped in silence. A read-only role replaces the
 * database admin as the MCP server's login (the one change made to a value that works).
 */
import type { AnswerKey } from '../core/answers.js';
import type { RawAnswers } from '../core/answer-sources.js';
import { mcpServerName } from '../core/validators.js';
import { readDatabaseLogin, type DatabaseLogin } from './database-login.js';
import { commandFlag, isLitellm, isPostgres, isPostgresMcp, networkNames, postgresMcpServes, shown, type HandMade, type HandService, type HandStack } from './hand-made.js';
import { carriedModels, type CarriedModels } from './carried-models.js';
import { yaml } from '../infra/yaml.js';

/** The database LiteLLM's URL names, as Docker sees it (found by name, alias or compose service). */
export interface DatabaseSeen {
  container: string;
  networks: string[];
  adminUser?: string;
}

export interface Located {
  stack: HandStack;
  service: HandService;
}

export interface ImpliedAnswers {
  answers: RawAnswers;
  /** Where each answer came from, for the adoption report. */
  from: Partial<Record<AnswerKey, string>>;
  litellm: Located;
  mcp?: Located;
  /** LiteLLM's database login (the person's meaning of their URL) and the MCP server's, when it is its own. */
  litellmLogin?: DatabaseLogin;
  mcpLogin?: DatabaseLogin;
  /** The MCP server logs in as the admin: its login serves this run's admin work, and is replaced. */
  mcpIsAdmin: boolean;
  /** The services litellm-mcp's own replace: stopped (kept for `adopt --undo`), never removed. */
  replaced: Located[];
  /** Every other service (a PostgreSQL in their files is the database kept) runs on untouched. */
  untouched: Located[];
  /** Their model_list: providers litellm-mcp knows, the rest as extra models, and the variables they read. */
  models: CarriedModels;
  /** What the person had that the adopted deployment does not carry, in words. */
  leftBehind: string[];
}

interface McpEntry {
  url?: string;
  transport?: string;
  access_groups?: unknown;
}

interface LitellmConfig {
  mcp_servers?: Record<string, McpEntry>;
  model_list?: unknown;
}

function published(s: HandService, target: number): { port: number; address: string } | undefined {
  const p = s.ports.find((x) => x.target === target && x.published);
  return p ? { port: p.published!, address: p.hostIp || '0.0.0.0' } : undefined;
}

/** The router rule, entrypoint and network of Traefik labels on LiteLLM, when it has them. */
function traefikOf(s: HandService): { host: string; entrypoint?: string; network?: string } | undefined {
  if (s.labels['traefik.enable'] !== 'true') return undefined;
  for (const [key, value] of Object.entries(s.labels)) {
    const router = /^traefik\.http\.routers\.([^.]+)\.rule$/.exec(key)?.[1];
    const host = /Host\(`([^`]+)`\)/.exec(value)?.[1];
    if (!router || !host || value.includes('PathPrefix')) continue;
    const entrypoint = s.labels[`traefik.http.routers.${router}.entrypoints`]?.split(',')[0]?.trim();
    const network = s.labels['traefik.docker.network'];
    return { host, ...(entrypoint ? { entrypoint } : {}), ...(network ? { network } : {}) };
  }
  return undefined;
}

export function impliedAnswers(h: HandMade, database: DatabaseSeen | undefined): ImpliedAnswers {
  const all: Located[] = h.stacks.flatMap((stack) => stack.services.map((service) => ({ stack, service })));
  const litellm = all.find((l) => isLitellm(l.service));
  if (!litellm) throw new Error('no LiteLLM service'); // the command refuses this before, with its fix
  const mcp = all.find((l) => isPostgresMcp(l.service));
  const where = (l: Located, what: string) => `${shown(h, l.stack.file)} → ${l.service.name} → ${what}`;
  const answers: RawAnswers = { dbStrategy: 'shared' };
  const from: Partial<Record<AnswerKey, string>> = { dbStrategy: 'the database LiteLLM uses is kept' };
  const set = (key: AnswerKey, value: string | number | undefined, source: string) => {
    if (value === undefined || value === '') return;
    answers[key] = String(value);
    from[key] = source;
  };
  const leftBehind: string[] = [];

  set('litellmImage', litellm.service.image, where(litellm, 'image'));
  const litellmPort = Number(commandFlag(litellm.service.command, '--port') ?? 4000);
  const lp = published(litellm.service, litellmPort);
  set('litellmPort', lp?.port, where(litellm, 'ports'));
  set('bindAddress', lp?.address, where(litellm, 'ports'));

  const litellmLogin = litellm.service.environment.DATABASE_URL ? readDatabaseLogin(litellm.service.environment.DATABASE_URL) : undefined;
  const litellmNets = networkNames(litellm.stack, litellm.service);
  const inFiles = all.find((l) => isPostgres(l.service) && l.service.name === litellmLogin?.host);
  const adminUser = inFiles?.service.environment.POSTGRES_USER ?? database?.adminUser ?? 'postgres';
  let postgresNetwork: string | undefined;
  if (litellmLogin) {
    set('dbHost', litellmLogin.host, where(litellm, 'DATABASE_URL (its host)'));
    set('dbPort', litellmLogin.port, where(litellm, 'DATABASE_URL (its port)'));
    set('dbName', litellmLogin.database, where(litellm, 'DATABASE_URL (its database)'));
    set('dbUser', litellmLogin.user, where(litellm, 'DATABASE_URL (its user)'));
    set('dbAdminUser', adminUser, inFiles ? where(inFiles, 'POSTGRES_USER') : database?.adminUser ? `${database.container}'s POSTGRES_USER` : 'PostgreSQL\'s default admin');
    const dbNets = inFiles ? networkNames(inFiles.stack, inFiles.service) : database?.networks ?? [];
    postgresNetwork = litellmNets.find((n) => dbNets.includes(n));
    set('postgresNetwork', postgresNetwork, `the network LiteLLM shares with ${inFiles?.service.name ?? database?.container ?? litellmLogin.host}`);
  }

  const mcpNets = mcp ? networkNames(mcp.stack, mcp.service) : [];
  const gateway = litellmNets.find((n) => n !== postgresNetwork && mcpNets.includes(n));
  set('network', gateway, 'the network LiteLLM shares with the MCP server');

  const traefik = traefikOf(litellm.service);
  const traefikNetwork = traefik?.network ?? litellmNets.find((n) => n !== gateway && n !== postgresNetwork && /traefik/i.test(n));
  if (traefik && traefikNetwork) {
    set('traefik', 'true', where(litellm, 'labels'));
    set('traefikHost', traefik.host, where(litellm, 'labels (router rule)'));
    set('traefikEntrypoint', traefik.entrypoint, where(litellm, 'labels (entrypoints)'));
    set('traefikNetwork', traefikNetwork, where(litellm, 'networks'));
  }
  const extra = litellmNets.filter((n) => ![gateway, postgresNetwork, traefik ? traefikNetwork : undefined].includes(n));
  set('extraNetworks', extra.length ? extra.join(',') : undefined, where(litellm, 'networks'));

  let mcpLogin: DatabaseLogin | undefined;
  let mcpIsAdmin = false;
  if (mcp) {
    set('mcpImage', mcp.service.image, where(mcp, 'image'));
    const mp = published(mcp.service, postgresMcpServes(mcp.service).port);
    set('mcpPort', mp?.port, where(mcp, 'ports'));
    set('mcpBindAddress', mp?.address, where(mcp, 'ports'));
    set('mcpAccessMode', commandFlag(mcp.service.command, '--access-mode') ?? 'unrestricted', where(mcp, 'command'));
    mcpLogin = mcp.service.environment.DATABASE_URI ? readDatabaseLogin(mcp.service.environment.DATABASE_URI) : undefined;
    if (mcpLogin) {
      set('mcpDatabase', mcpLogin.database, where(mcp, 'DATABASE_URI (its database)'));
      mcpIsAdmin = mcpLogin.user === adminUser;
      if (!mcpIsAdmin && mcpLogin.user !== litellmLogin?.user) set('mcpRole', mcpLogin.user, where(mcp, 'DATABASE_URI (its user)'));
    }
  }

  const config = (h.config ? yaml().parse(h.config.text) ?? {} : {}) as LitellmConfig;
  const entries = Object.entries(config.mcp_servers ?? {});
  const named = entries.find(([, e]) => {
    try {
      return Boolean(e.url && mcp && new URL(e.url).hostname === mcp.service.name);
    } catch {
      return false;
    }
  }) ?? (entries.length === 1 ? entries[0] : undefined);
  if (named && h.config) {
    const [serverName, entry] = named;
    const fixed = serverName.replace(/-/g, '_');
    if (!mcpServerName(fixed)) set('mcpServerName', fixed, `${shown(h, h.config.file)} → mcp_servers${fixed !== serverName ? ` (${serverName}, with "_" for "-")` : ''}`);
    const group = Array.isArray(entry.access_groups) ? String(entry.access_groups[0] ?? '') : '';
    if (group && !mcpServerName(group)) set('mcpAccessGroup', group, `${shown(h, h.config.file)} → mcp_servers.${serverName}.access_groups`);
  }
  for (const [serverName] of entries) if (serverName !== named?.[0]) leftBehind.push(`MCP server ${serverName} in config.yaml: add it with \`litellm-mcp mcp add\``);
  const models = carriedModels(config.model_list, litellm.service.environment);
  if (models.providers.length) set('models', models.providers.join(','), `${h.config ? shown(h, h.config.file) : 'config.yaml'} → model_list`);
  leftBehind.push(...models.leftBehind);
  const replaced = mcp ? [litellm, mcp] : [litellm];
  const untouched = all.filter((l) => !replaced.includes(l));
  return { answers, from, litellm, ...(mcp ? { mcp } : {}), ...(litellmLogin ? { litellmLogin } : {}), ...(mcpLogin ? { mcpLogin } : {}), mcpIsAdmin, replaced, untouched, models, leftBehind };
}
