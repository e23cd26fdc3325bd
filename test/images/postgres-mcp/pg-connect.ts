/**
 * Connecting as psycopg/libpq would: the connection string postgres-mcp receives (a postgres:// URI or
 * libpq key=value pairs, from DATABASE_URI or the positional argument), every value fetched as text (the
 * loaders in pg-values.ts make the Python values), and connection failures worded like libpq's, which
 * psycopg_pool logs ("error connecting in 'pool-1': connection failed: ...").
 */
import { isIP } from 'node:net';
import pg from 'pg';

/** Values stay text: psycopg's loaders, not node-postgres' parsers, decide what they become. */
const textOnly = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

function keyValuePairs(conninfo: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of conninfo.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g)) {
    const raw = m[2]!;
    out[m[1]!] = raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return out;
}

function uriParams(conninfo: string): Record<string, string> {
  const url = new URL(conninfo.replace(/^postgres(ql)?:/, 'http:'));
  const out: Record<string, string> = {};
  if (url.hostname) out.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.port) out.port = url.port;
  if (url.username) out.user = decodeURIComponent(url.username);
  if (url.password) out.password = decodeURIComponent(url.password);
  const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (db) out.dbname = db;
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

/** node-postgres settings for a libpq connection string. */
export function clientConfig(conninfo: string, onTimeZone: (zone: string) => void): pg.ClientConfig {
  const p = /^postgres(ql)?:\/\//.test(conninfo) ? uriParams(conninfo) : keyValuePairs(conninfo);
  const user = p.user ?? process.env.PGUSER ?? 'root';
  const config: pg.ClientConfig = {
    // libpq's default is the Unix socket, which no container of this kind has.
    host: p.host ?? process.env.PGHOST ?? '/var/run/postgresql',
    port: Number(p.port ?? process.env.PGPORT ?? 5432),
    user,
    database: p.dbname ?? process.env.PGDATABASE ?? user,
    types: textOnly,
  };
  if (p.password !== undefined) config.password = p.password;
  if (p.connect_timeout) config.connectionTimeoutMillis = Number(p.connect_timeout) * 1000;
  if (p.application_name) config.application_name = p.application_name;
  if (p.sslmode && !['disable', 'allow', 'prefer'].includes(p.sslmode)) config.ssl = { rejectUnauthorized: p.sslmode.startsWith('verify') };
  // psycopg builds timestamptz values in the session's TimeZone, which the server reports at start.
  const zoneWatcher = (client: pg.Client) => {
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('parameterStatus', (msg: { parameterName: string; parameterValue: string }) => {
      if (msg.parameterName === 'TimeZone') onTimeZone(msg.parameterValue);
    });
  };
  return Object.assign(config, { zoneWatcher });
}

/** A connection with the TimeZone watcher attached. */
export function newClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  (config as { zoneWatcher?: (c: pg.Client) => void }).zoneWatcher?.(client);
  return client;
}

/** libpq's wording of a failed connection, with psycopg's "connection failed:"/"connection is bad:". */
export function connectError(error: unknown, config: pg.ClientConfig): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number; severity?: string; hostname?: string };
  const host = String(config.host);
  const server = (address: string) =>
    host.startsWith('/')
      ? `connection to server on socket "${host}/.s.PGSQL.${config.port}" failed`
      : `connection to server at "${host}"${isIP(host) ? '' : ` (${address})`}, port ${config.port} failed`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    const reason = e.code === 'EAI_AGAIN' ? 'Temporary failure in name resolution' : 'Name or service not known';
    return `connection is bad: could not translate host name "${host}" to address: ${reason}`;
  }
  if (e.code === 'ECONNREFUSED') {
    if (host.startsWith('/')) return `connection failed: ${server('')}: No such file or directory\n\tIs the server running locally and accepting connections on that socket?`;
    return `connection failed: ${server(e.address ?? host)}: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`;
  }
  if (e.code === 'ENOENT') return `connection failed: ${server('')}: No such file or directory\n\tIs the server running locally and accepting connections on that socket?`;
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return `connection failed: ${server(e.address ?? host)}: No route to host\n\tIs the server running on that host and accepting TCP/IP connections?`;
  if (e.severity) return `connection failed: ${server(host)}: ${e.severity}:  ${e.message}`;
  if (/timeout/i.test(e.message)) return `connection failed: ${server(host)}: timeout expired`;
  return `connection failed: ${server(host)}: ${e.message}`;
}
