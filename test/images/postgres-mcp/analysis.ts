/**
 * The analysis tools of postgres-mcp v0.3.0, reduced where the real ones are large programs:
 * - analyze_db_health: real checks for connection, vacuum (transaction id age), buffer hit rates,
 *   invalid constraints and invalid indexes, with the real texts; duplicate/bloated/unused indexes,
 *   sequences and replication say that this test image does not compute them.
 * - get_top_queries: the real pg_stat_statements queries and texts (the install hint when absent).
 * - analyze_workload_indexes / analyze_query_indexes: the real pre-checks (HypoPG, ANALYZE run) and
 *   their texts; the index tuning search itself is not reproduced and says so.
 */
import { executeParamQuery, type Driver } from './drivers.js';
import { checkExtension, hypopgStatus, postgresVersion } from './extensions.js';
import { PyFloat, PyInt, dict, formatFixed, formatThousands, repr, type PyValue } from './python-repr.js';
import type { Row } from './sql-driver.js';

const notReproduced = 'not computed by the postgres-mcp test image (litellm-mcp tests)';
const healthTypes = ['index', 'connection', 'vacuum', 'sequence', 'replication', 'buffer', 'constraint', 'all'];

const count = (rows: Row[] | null): bigint => {
  const v = rows?.[0]?.get('count');
  return v instanceof PyInt ? v.value : 0n;
};
const asNumber = (v: PyValue | undefined): number => (v instanceof PyFloat ? v.value : v instanceof PyInt ? Number(v.value) : Number(String(v).replace(/^Decimal\('|'\)$/g, '')));

async function connectionHealth(driver: Driver): Promise<string> {
  const total = count(await driver.executeQuery('SELECT COUNT(*) as count FROM pg_stat_activity'));
  const idle = count(await driver.executeQuery("SELECT COUNT(*) as count FROM pg_stat_activity WHERE state = 'idle in transaction'"));
  if (total > 500n) return `High number of connections: ${total}`;
  if (idle > 100n) return `High number of connections idle in transaction: ${idle}`;
  return `Connections healthy: ${total} total, ${idle} idle`;
}

async function hitRate(driver: Driver, what: 'index' | 'table'): Promise<string> {
  const sql =
    what === 'index'
      ? 'SELECT (sum(idx_blks_hit)) / nullif(sum(idx_blks_hit + idx_blks_read), 0) AS rate FROM pg_statio_user_indexes'
      : 'SELECT sum(heap_blks_hit) / nullif(sum(heap_blks_hit + heap_blks_read), 0) AS rate FROM pg_statio_user_tables';
  const rate = (await driver.executeQuery(sql))?.[0]?.get('rate');
  const label = what === 'index' ? 'Index' : 'Table';
  if (rate === undefined || rate === null) return `No ${what} cache statistics available.`;
  const pct = asNumber(rate) * 100;
  return `${label} cache hit rate: ${formatFixed(pct, 1)}% (${pct >= 95 ? 'above' : 'below'} 95.0% threshold)`;
}

async function invalidConstraints(driver: Driver): Promise<string> {
  const rows = await driver.executeQuery(`SELECT nsp.nspname AS schema, rel.relname AS table, con.conname AS name,
      fnsp.nspname AS referenced_schema, frel.relname AS referenced_table
    FROM pg_catalog.pg_constraint con
    INNER JOIN pg_catalog.pg_class rel ON rel.oid = con.conrelid
    LEFT JOIN pg_catalog.pg_class frel ON frel.oid = con.confrelid
    LEFT JOIN pg_catalog.pg_namespace nsp ON nsp.oid = con.connamespace
    LEFT JOIN pg_catalog.pg_namespace fnsp ON fnsp.oid = frel.relnamespace
    WHERE con.convalidated = 'f'`);
  if (!rows || rows.length === 0) return 'No invalid constraints found.';
  return [
    'Invalid constraints found:',
    ...rows.map((r) =>
      r.get('referenced_table')
        ? `Constraint '${String(r.get('name'))}' on table '${String(r.get('schema'))}.${String(r.get('table'))}' referencing '${String(r.get('referenced_schema'))}.${String(r.get('referenced_table'))}' is invalid`
        : `Constraint '${String(r.get('name'))}' on table '${String(r.get('schema'))}.${String(r.get('table'))}' is invalid`,
    ),
  ].join('\n');
}

async function invalidIndexes(driver: Driver): Promise<string> {
  const rows = await driver.executeQuery(`SELECT c.relname AS name, t.relname AS table
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')`);
  if (!rows || rows.length === 0) return 'No invalid indexes found.';
  return `Invalid indexes found: ${rows.map((r) => `${String(r.get('name'))} on ${String(r.get('table'))} is invalid.`).join('\n')}`;
}

async function vacuumHealth(driver: Driver): Promise<string> {
  const max = 2146483648;
  const threshold = 10000000;
  const rows = await executeParamQuery(
    driver,
    `SELECT n.nspname AS schema, c.relname AS table,
        {} - GREATEST(AGE(c.relfrozenxid), AGE(t.relfrozenxid)) AS transactions_left
      FROM pg_class c
      INNER JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_class t ON c.reltoastrelid = t.oid
      WHERE c.relkind = 'r' AND ({} - GREATEST(AGE(c.relfrozenxid), AGE(t.relfrozenxid))) < {}
      ORDER BY 3, 1, 2`,
    [new PyInt(BigInt(max)), new PyInt(BigInt(max)), new PyInt(BigInt(threshold))],
  );
  if (!rows || rows.length === 0) return 'No tables found with transaction ID wraparound danger.';
  return [
    'Tables approaching transaction ID wraparound:',
    ...rows.map((r) => `Table '${String(r.get('schema'))}.${String(r.get('table'))}' has ${formatThousands((r.get('transactions_left') as PyInt).value)} transactions remaining before wraparound (threshold: ${formatThousands(threshold)})`),
  ].join('\n');
}

/** analyze_db_health's answer (DatabaseHealthTool.health). */
export async function dbHealth(driver: Driver, healthType: string): Promise<string> {
  try {
    const asked = healthType.split(',').map((t) => t.trim());
    if (asked.some((t) => !healthTypes.includes(t))) {
      return `Invalid health types provided: '${healthType}'. Valid values are: ${[...healthTypes].sort().join(', ')}. Please try again with a comma-separated list of valid health types.`;
    }
    const types = new Set(asked.includes('all') ? healthTypes.filter((t) => t !== 'all') : asked);
    let result = '';
    if (types.has('index')) {
      result += `Invalid index check: ${await invalidIndexes(driver)}\n`;
      result += `Duplicate index check: ${notReproduced}\n`;
      result += `Index bloat: ${notReproduced}\n`;
      result += `Unused index check: ${notReproduced}\n`;
    }
    if (types.has('connection')) result += `Connection health: ${await connectionHealth(driver)}\n`;
    if (types.has('vacuum')) result += `Vacuum health: ${await vacuumHealth(driver)}\n`;
    if (types.has('sequence')) result += `Sequence health: ${notReproduced}\n`;
    if (types.has('replication')) result += `Replication health: ${notReproduced}\n`;
    if (types.has('buffer')) {
      result += `Buffer health for indexes: ${await hitRate(driver, 'index')}\n`;
      result += `Buffer health for tables: ${await hitRate(driver, 'table')}\n`;
    }
    if (types.has('constraint')) result += `Constraint health: ${await invalidConstraints(driver)}\n`;
    return result || 'No health checks were performed.';
  } catch (error) {
    return `Error calculating database health: ${(error as Error).message}`;
  }
}

const installPgStatStatements =
  'The pg_stat_statements extension is required to report slow queries, but it is not currently installed.\n\n' +
  'You can install it by running: `CREATE EXTENSION pg_stat_statements;`\n\n' +
  '**What does it do?** It records statistics (like execution time, number of calls, rows returned) for every query executed against the database.\n\n' +
  "**Is it safe?** Installing 'pg_stat_statements' is generally safe and a standard practice for performance monitoring. It adds overhead by tracking statistics, but this is usually negligible unless under extreme load.";

/** get_top_queries with sort_by mean_time or total_time (TopQueriesCalc.get_top_queries_by_time). */
export async function topQueriesByTime(driver: Driver, limit: bigint, sortBy: 'mean' | 'total'): Promise<string> {
  try {
    if (!(await checkExtension(driver, 'pg_stat_statements')).installed) return installPgStatStatements;
    const modern = (await postgresVersion(driver)) >= 13;
    const [total, mean] = modern ? ['total_exec_time', 'mean_exec_time'] : ['total_time', 'mean_time'];
    const rows = await executeParamQuery(driver, `SELECT query, calls, ${total}, ${mean}, rows FROM pg_stat_statements ORDER BY ${sortBy === 'total' ? total : mean} DESC LIMIT {};`, [new PyInt(limit)]);
    const list = rows ?? [];
    const criteria = sortBy === 'total' ? 'total execution time' : 'mean execution time per call';
    return `Top ${list.length} slowest queries by ${criteria}:\n${repr(list)}`;
  } catch (error) {
    return `Error getting slow queries: ${(error as Error).message}`;
  }
}

/** get_top_queries with sort_by resources (TopQueriesCalc.get_top_resource_queries, threshold 0.05). */
export async function topResourceQueries(driver: Driver): Promise<string> {
  try {
    if (!(await checkExtension(driver, 'pg_stat_statements')).installed) return installPgStatStatements;
    const modern = (await postgresVersion(driver)) >= 13;
    const [total, mean] = modern ? ['total_exec_time', 'mean_exec_time'] : ['total_time', 'mean_time'];
    const t = 0.05;
    const rows = await driver.executeQuery(`WITH resource_fractions AS (
        SELECT query, calls, rows, ${total} total_exec_time, ${mean} mean_exec_time, stddev_exec_time,
          shared_blks_hit, shared_blks_read, shared_blks_dirtied, wal_bytes,
          total_exec_time / SUM(total_exec_time) OVER () AS total_exec_time_frac,
          (shared_blks_hit + shared_blks_read) / SUM(shared_blks_hit + shared_blks_read) OVER () AS shared_blks_accessed_frac,
          shared_blks_read / SUM(shared_blks_read) OVER () AS shared_blks_read_frac,
          shared_blks_dirtied / SUM(shared_blks_dirtied) OVER () AS shared_blks_dirtied_frac,
          wal_bytes / SUM(wal_bytes) OVER () AS total_wal_bytes_frac
        FROM pg_stat_statements)
      SELECT query, calls, rows, total_exec_time, mean_exec_time, stddev_exec_time, total_exec_time_frac,
        shared_blks_accessed_frac, shared_blks_read_frac, shared_blks_dirtied_frac, total_wal_bytes_frac,
        shared_blks_hit, shared_blks_read, shared_blks_dirtied, wal_bytes
      FROM resource_fractions
      WHERE total_exec_time_frac > ${t} OR shared_blks_accessed_frac > ${t} OR shared_blks_read_frac > ${t}
        OR shared_blks_dirtied_frac > ${t} OR total_wal_bytes_frac > ${t}
      ORDER BY total_exec_time DESC`);
    return repr(rows ?? []);
  } catch (error) {
    return `Error resource-intensive queries: ${(error as Error).message}`;
  }
}

/** analyze_*_indexes (TextPresentation._execute_analysis): the pre-checks, then an honest refusal. */
export async function indexTuning(driver: Driver): Promise<string> {
  const traces = process.env.POSTGRES_MCP_INCLUDE_LANGFUSE_TRACE ?? 'true';
  const withTrace = (entries: Array<[string, PyValue]>) => dict(traces.toLowerCase() === 'true' ? [...entries, ['_langfuse_trace', []]] : entries);
  try {
    const [installed, message] = await hypopgStatus(driver);
    if (!installed) return repr(withTrace([['error', message]]));
    const analyzed = await driver.executeQuery('SELECT s.last_analyze FROM pg_stat_user_tables s ORDER BY s.last_analyze LIMIT 1;');
    if (!analyzed || !analyzed.some((r) => r.get('last_analyze') !== null)) {
      return repr(
        withTrace([
          ['error', "Statistics are not up-to-date. The database needs to be analyzed first. Please run 'ANALYZE;' on your database before using the tuning advisor. Without up-to-date statistics, the index recommendations may be inaccurate."],
        ]),
      );
    }
    return repr(withTrace([['error', `Index tuning is ${notReproduced}.`]]));
  } catch (error) {
    return repr(withTrace([['error', `Error in workload analysis: ${(error as Error).message}`]]));
  }
}
