/**
 * What each tool answers, as postgres-mcp v0.3.0's server.py does: ONE text item holding str() of a
 * Python value (FACTS.md: `[{'current_user': 'mcp_readonly', 'current_database': 'postgres'}]`), "No
 * results" for a statement without rows, and every failure (a refused statement, a database error, a
 * connection that cannot be made) as a normal result `isError: false` with "Error: <message>" (FACTS.md:
 * "A refused statement is not an MCP error"). Only an unknown tool or invalid arguments set isError.
 */
import { dbHealth, indexTuning, topQueriesByTime, topResourceQueries } from './analysis.js';
import { executeParamQuery, safeDriver, unrestrictedDriver, type Driver } from './drivers.js';
import { explainQuery } from './explain.js';
import { log } from './log.js';
import { PyInt, dict, repr, type PyDict, type PyValue } from './python-repr.js';
import type { Database, Row } from './sql-driver.js';
import { ToolArgumentError, validateArguments } from './tool-args.js';
import { toolSpecs } from './tool-schemas.js';

export interface ToolContext {
  db: Database;
  restricted: boolean;
}

export interface ToolAnswer {
  text: string;
  isError: boolean;
}

const listSchemasSql = `
  SELECT schema_name, schema_owner,
    CASE
      WHEN schema_name LIKE 'pg_%' THEN 'System Schema'
      WHEN schema_name = 'information_schema' THEN 'System Information Schema'
      ELSE 'User Schema'
    END AS schema_type
  FROM information_schema.schemata
  ORDER BY schema_type, schema_name`;

const pick = (row: Row, pairs: Array<[string, string]>): PyDict => dict(pairs.map(([key, column]) => [key, row.get(column) ?? null]));

async function listObjects(driver: Driver, schema: string, type: string): Promise<PyValue> {
  if (type === 'table' || type === 'view') {
    const rows = await executeParamQuery(
      driver,
      'SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = {} AND table_type = {} ORDER BY table_name',
      [schema, type === 'table' ? 'BASE TABLE' : 'VIEW'],
    );
    return (rows ?? []).map((r) => pick(r, [['schema', 'table_schema'], ['name', 'table_name'], ['type', 'table_type']]));
  }
  if (type === 'sequence') {
    const rows = await executeParamQuery(driver, 'SELECT sequence_schema, sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = {} ORDER BY sequence_name', [schema]);
    return (rows ?? []).map((r) => pick(r, [['schema', 'sequence_schema'], ['name', 'sequence_name'], ['data_type', 'data_type']]));
  }
  const rows = await driver.executeQuery('SELECT extname, extversion, extrelocatable FROM pg_extension ORDER BY extname');
  return (rows ?? []).map((r) => pick(r, [['name', 'extname'], ['version', 'extversion'], ['relocatable', 'extrelocatable']]));
}

async function objectDetails(driver: Driver, schema: string, name: string, type: string): Promise<PyValue> {
  if (type === 'table' || type === 'view') {
    const columns = await executeParamQuery(
      driver,
      'SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = {} AND table_name = {} ORDER BY ordinal_position',
      [schema, name],
    );
    // The real query joins key_column_usage on constraint name and schema only; kept as it is.
    const constraintRows = await executeParamQuery(
      driver,
      `SELECT tc.constraint_name, tc.constraint_type, kcu.column_name
        FROM information_schema.table_constraints AS tc
        LEFT JOIN information_schema.key_column_usage AS kcu
          ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
        WHERE tc.table_schema = {} AND tc.table_name = {}`,
      [schema, name],
    );
    const constraints = new Map<string, { type: PyValue; columns: PyValue[] }>();
    for (const row of constraintRows ?? []) {
      const cname = String(row.get('constraint_name'));
      if (!constraints.has(cname)) constraints.set(cname, { type: row.get('constraint_type') ?? null, columns: [] });
      const column = row.get('column_name');
      if (column) constraints.get(cname)!.columns.push(column);
    }
    const indexes = await executeParamQuery(driver, 'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = {} AND tablename = {}', [schema, name]);
    return dict([
      ['basic', dict([['schema', schema], ['name', name], ['type', type]])],
      ['columns', (columns ?? []).map((r) => pick(r, [['column', 'column_name'], ['data_type', 'data_type'], ['is_nullable', 'is_nullable'], ['default', 'column_default']]))],
      ['constraints', [...constraints].map(([cname, c]) => dict([['name', cname], ['type', c.type], ['columns', c.columns]]))],
      ['indexes', (indexes ?? []).map((r) => pick(r, [['name', 'indexname'], ['definition', 'indexdef']]))],
    ]);
  }
  if (type === 'sequence') {
    const rows = await executeParamQuery(
      driver,
      'SELECT sequence_schema, sequence_name, data_type, start_value, increment FROM information_schema.sequences WHERE sequence_schema = {} AND sequence_name = {}',
      [schema, name],
    );
    const row = rows?.[0];
    return row ? pick(row, [['schema', 'sequence_schema'], ['name', 'sequence_name'], ['data_type', 'data_type'], ['start_value', 'start_value'], ['increment', 'increment']]) : dict([]);
  }
  const rows = await executeParamQuery(driver, 'SELECT extname, extversion, extrelocatable FROM pg_extension WHERE extname = {}', [name]);
  const row = rows?.[0];
  return row ? pick(row, [['name', 'extname'], ['version', 'extversion'], ['relocatable', 'extrelocatable']]) : dict([]);
}

type Handler = (driver: Driver, args: Record<string, PyValue>) => Promise<string>;

/** Runs `body`; a failure is logged as the real tool logs it and answered "Error: <message>". */
const guarded =
  (what: string, line: number, body: Handler): Handler =>
  async (driver, args) => {
    try {
      return await body(driver, args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log('ERROR', `${what}: ${message}`, `server.py:${line}`);
      return `Error: ${message}`;
    }
  };

const objectTypes = ['table', 'view', 'sequence', 'extension'];

const handlers: Record<string, Handler> = {
  list_schemas: guarded('Error listing schemas', 105, async (d) => repr((await d.executeQuery(listSchemasSql)) ?? [])),
  list_objects: guarded('Error listing objects', 173, async (d, a) => {
    const type = a.object_type as string;
    if (!objectTypes.includes(type)) return `Error: Unsupported object type: ${type}`;
    return repr(await listObjects(d, a.schema_name as string, type));
  }),
  get_object_details: guarded('Error getting object details', 306, async (d, a) => {
    const type = a.object_type as string;
    if (!objectTypes.includes(type)) return `Error: Unsupported object type: ${type}`;
    return repr(await objectDetails(d, a.schema_name as string, a.object_name as string, type));
  }),
  explain_query: guarded('Error explaining query', 385, (d, a) => explainQuery(d, a.sql as string, a.analyze as boolean, a.hypothetical_indexes as PyValue[])),
  execute_sql: guarded('Error executing query', 401, async (d, a) => {
    const rows = await d.executeQuery(a.sql as string);
    return rows === null ? 'No results' : repr(rows);
  }),
  analyze_workload_indexes: guarded('Error analyzing workload', 422, (d) => indexTuning(d)),
  analyze_query_indexes: async (d, a) => {
    const queries = a.queries as PyValue[];
    if (queries.length === 0) return 'Error: Please provide a non-empty list of queries to analyze.';
    if (queries.length > 10) return 'Error: Please provide a list of up to 10 queries to analyze.';
    return guarded('Error analyzing queries', 449, (driver) => indexTuning(driver))(d, a);
  },
  analyze_db_health: (d, a) => dbHealth(d, a.health_type as string),
  get_top_queries: guarded('Error getting slow queries', 508, async (d, a) => {
    const sortBy = a.sort_by as string;
    if (sortBy === 'resources') return topResourceQueries(d);
    if (sortBy === 'mean_time' || sortBy === 'total_time') return topQueriesByTime(d, (a.limit as PyInt).value, sortBy === 'mean_time' ? 'mean' : 'total');
    return "Error: Invalid sort criteria. Please use 'resources' or 'mean_time' or 'total_time'.";
  }),
};

/** FastMCP call_tool: an unknown tool or invalid arguments are the only answers flagged isError. */
export async function callTool(ctx: ToolContext, name: string, args: Record<string, unknown> | undefined): Promise<ToolAnswer> {
  const spec = toolSpecs(ctx.restricted).find((t) => t.name === name);
  if (!spec) return { text: `Unknown tool: ${name}`, isError: true };
  let validated: Record<string, PyValue>;
  try {
    validated = validateArguments(name, spec.params, args);
  } catch (error) {
    if (error instanceof ToolArgumentError) return { text: error.message, isError: true };
    throw error;
  }
  const driver = ctx.restricted ? safeDriver(ctx.db) : unrestrictedDriver(ctx.db);
  try {
    return { text: await handlers[name]!(driver, validated), isError: false };
  } catch (error) {
    return { text: `Error executing tool ${name}: ${error instanceof Error ? error.message : String(error)}`, isError: true };
  }
}
