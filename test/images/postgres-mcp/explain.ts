/**
 * explain_query as postgres-mcp v0.3.0 does it (explain/explain_plan.py, artifacts.py): EXPLAIN
 * (FORMAT JSON[, ANALYZE][, GENERIC_PLAN]) run through the mode's driver, the JSON plan printed as a tree
 * of `→ Node Type (Cost: a..b) on table [Rows: n]` lines; errors come back as text
 * ("Error executing explain plan: ..."). Hypothetical indexes go through HypoPG when it is installed.
 * Reduced: for $n parameters on PostgreSQL < 16 (or with LIKE) the real server fills in values sampled
 * from pg_stats; this image uses its context-only fallback values.
 */
import { executeParamQuery, type Driver } from './drivers.js';
import { hypopgStatus, postgresVersion } from './extensions.js';
import { PyFloat, PyInt, formatFixed, reprStr, type PyDict, type PyValue } from './python-repr.js';

const num = (v: PyValue | undefined): number => (v instanceof PyFloat ? v.value : v instanceof PyInt ? Number(v.value) : Number(v));
const pyStr = (v: PyValue | undefined): string => (v instanceof PyInt ? v.value.toString() : v instanceof PyFloat ? String(v.value) : String(v));

class KeyError extends Error {
  constructor(key: string) {
    super(reprStr(key));
  }
}

function need(node: PyDict, key: string): PyValue {
  if (!node.has(key)) throw new KeyError(key);
  return node.get(key)!;
}

/** ExplainPlanArtifact._format_plan_node. */
function formatNode(node: PyDict, level: number): string {
  const indent = '  '.repeat(level);
  const [type, total, startup, rows] = [need(node, 'Node Type'), need(node, 'Total Cost'), need(node, 'Startup Cost'), need(node, 'Plan Rows')];
  need(node, 'Plan Width');
  let out = `${indent}→ ${String(type)} (Cost: ${formatFixed(num(startup), 2)}..${formatFixed(num(total), 2)})`;
  const relation = node.get('Relation Name');
  if (relation) out += ` on ${String(relation)}`;
  out += ` [Rows: ${pyStr(rows)}]`;
  if (node.has('Actual Total Time')) {
    const [at, as, ar, al] = [need(node, 'Actual Total Time'), need(node, 'Actual Startup Time'), need(node, 'Actual Rows'), need(node, 'Actual Loops')];
    out += ` [Actual: ${formatFixed(num(as), 2)}..${formatFixed(num(at), 2)} ms, Rows: ${pyStr(ar)}, Loops: ${pyStr(al)}]`;
  }
  const filter = node.get('Filter');
  if (filter) {
    const text = String(filter);
    out += `\n${indent}  Filter: ${text.length > 100 ? `${text.slice(0, 97)}...` : text}`;
  }
  if (node.has('Shared Hit Blocks')) {
    out += `\n${indent}  Buffers - hit: ${pyStr(node.get('Shared Hit Blocks'))}, read: ${pyStr(need(node, 'Shared Read Blocks'))}, written: ${pyStr(need(node, 'Shared Written Blocks'))}`;
  }
  for (const child of (node.get('Plans') as PyDict[] | undefined) ?? []) out += `\n${formatNode(child, level + 1)}`;
  return out;
}

/** ExplainPlanArtifact.from_json_data(...).to_text(). */
export function planText(plan: PyDict): string {
  if (!plan.has('Plan')) throw new Error("Missing 'Plan' field in explain plan data");
  const tree = formatNode(plan.get('Plan') as PyDict, 0);
  const lines: string[] = [];
  const planning = plan.get('Planning Time');
  const execution = plan.get('Execution Time');
  if (planning !== undefined && planning !== null) lines.push(`Planning Time: ${formatFixed(num(planning), 3)} ms`);
  if (execution !== undefined && execution !== null) lines.push(`Execution Time: ${formatFixed(num(execution), 3)} ms`);
  lines.push(tree);
  return lines.join('\n');
}

/** The real server's fallback value for a $n it cannot tie to a column's statistics. */
function genericReplacement(context: string): string {
  const c = context.toLowerCase();
  if (c.split(/\s+/).some((w) => ['date', 'timestamp', 'time'].includes(w))) return "'2023-01-01'";
  if (['id', 'key', 'code', 'num'].some((w) => c.includes(w))) return '43';
  if (c.includes('like')) return "'%sample%'";
  if (['amount', 'price', 'cost', 'fee'].some((w) => c.includes(w))) return '99.99';
  if (['=', '>', '<'].some((op) => c.includes(op))) return '44';
  return "'sample_value'";
}

function replaceParameters(query: string): string {
  let q = query
    .replace(/limit\s+\$(\d+)/gi, 'limit 100')
    .replace(/interval\s+'(\d+)\s+([a-z]+)'/gi, (_m, _n, unit: string) => `interval '2 ${unit}'`)
    .replace(/interval\s+\$(\d+)/gi, "interval '2 days'")
    .replace(/offset\s+\$(\d+)/gi, 'offset 0');
  const matches = [...q.matchAll(/\$\d+/g)].reverse();
  for (const m of matches) {
    const at = m.index;
    const start = Math.max(q.lastIndexOf(' where ', at), q.lastIndexOf(' and ', at), q.lastIndexOf(' or ', at), q.lastIndexOf(',', at), q.lastIndexOf('(', at), -1);
    const context = q.slice(start === -1 ? Math.max(0, at - 100) : start, at + 2);
    q = q.slice(0, at) + genericReplacement(context) + q.slice(at + m[0].length);
  }
  return q;
}

async function prepareQuery(driver: Driver, sql: string): Promise<[string, boolean]> {
  if (!/\$\d+/.test(sql)) return [sql, false];
  const recentEnough = (await postgresVersion(driver)) >= 16;
  if (recentEnough && !/\bLIKE\b/i.test(sql)) return [sql, true];
  return [replaceParameters(sql), false];
}

function planFromRows(rows: Array<Map<string, PyValue>> | null): PyDict | string {
  if (rows === null) return 'No results returned from EXPLAIN';
  const data = rows[0]?.get('QUERY PLAN');
  if (!Array.isArray(data)) return `Expected list from EXPLAIN, got <class '${data === undefined || data === null ? 'NoneType' : typeof data === 'string' ? 'str' : 'dict'}'>`;
  if (data.length === 0) return 'No results returned from EXPLAIN';
  const plan = data[0];
  if (!(plan instanceof Map)) return `Expected dict in EXPLAIN result list, got <class 'str'> with value ${String(plan)}`;
  return plan;
}

async function runExplain(driver: Driver, query: string, analyze: boolean, generic: boolean): Promise<{ text: string } | { error: string }> {
  try {
    const options = ['FORMAT JSON', ...(analyze ? ['ANALYZE'] : []), ...(generic ? ['GENERIC_PLAN'] : [])];
    const plan = planFromRows(await driver.executeQuery(`EXPLAIN (${options.join(', ')}) ${query}`));
    if (typeof plan === 'string') return { error: plan };
    try {
      return { text: planText(plan) };
    } catch (error) {
      return { error: `Internal error converting explain plan - do not retry: ${(error as Error).message}` };
    }
  } catch (error) {
    return { error: `Error executing explain plan: ${(error as Error).message}` };
  }
}

function indexDefinition(index: PyDict): string {
  const table = String(index.get('table'));
  const columns = (index.get('columns') as PyValue[]).map(String);
  const using = String(index.get('using') ?? 'btree');
  const cleaned = columns.map((c) => c.replace(/[() ,]/g, '_').replace(/_+/g, '_').replace(/_+$/, ''));
  const name = `crystaldba_idx_${table}_${cleaned.join('_')}_${columns.length}${using === 'btree' ? '' : `_${using}`}`;
  return `CREATE INDEX ${name} ON ${table} USING ${using} (${columns.join(', ')})`;
}

async function explainHypothetical(driver: Driver, sql: string, indexes: PyValue[]): Promise<{ text: string } | { error: string }> {
  try {
    for (const idx of indexes) {
      if (!(idx instanceof Map)) return { error: `Expected dictionary for index definition, got <class '${typeof idx === 'string' ? 'str' : 'list'}'>` };
      if (!idx.has('table')) return { error: "Missing 'table' in index definition" };
      if (!idx.has('columns')) return { error: "Missing 'columns' in index definition" };
      if (!Array.isArray(idx.get('columns'))) idx.set('columns', [idx.get('columns')!]);
    }
    const [query, generic] = await prepareQuery(driver, sql);
    const definitions = [...new Set(indexes.map((i) => indexDefinition(i as PyDict)))];
    const create = 'SELECT hypopg_reset();' + 'SELECT hypopg_create_index({});'.repeat(definitions.length);
    const options = ['FORMAT JSON', ...(generic ? ['GENERIC_PLAN'] : []), ...(definitions.length ? ['COSTS TRUE'] : [])];
    const rows = await executeParamQuery(driver, `${create}EXPLAIN (${options.join(', ')}) ${query}`, definitions);
    const plan = planFromRows(rows);
    if (typeof plan === 'string' || !plan.has('Plan')) return { error: 'Failed to generate a valid explain plan with the hypothetical indexes' };
    return { text: planText(plan) };
  } catch (error) {
    return { error: `Error generating explain plan with hypothetical indexes: ${(error as Error).message}` };
  }
}

/** The explain_query tool's answer text (errors prefixed "Error: " as format_error_response does). */
export async function explainQuery(driver: Driver, sql: string, analyze: boolean, hypothetical: PyValue[]): Promise<string> {
  if (hypothetical.length > 0) {
    if (analyze) return 'Error: Cannot use analyze and hypothetical indexes together';
    const [installed, message] = await hypopgStatus(driver);
    if (!installed) return message;
    const result = await explainHypothetical(driver, sql, hypothetical);
    return 'text' in result ? result.text : `Error: ${result.error}`;
  }
  const [query, generic] = await prepareQuery(driver, sql);
  const result = await runExplain(driver, query, analyze, generic);
  return 'text' in result ? result.text : `Error: ${result.error}`;
}
