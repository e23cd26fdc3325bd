/**
 * The nine tools of postgres-mcp v0.3.0 (FACTS.md: "Tools (9) seen"), in the order the real server lists
 * them, with its descriptions and parameters. Their input schemas are printed as pydantic 2.11 prints the
 * FastMCP `<tool>Arguments` model: keys sorted, a title per field, `required` only when some field has
 * no default. execute_sql is added last, described by access mode (FACTS.md: restricted mode describes it
 * as "Execute a read-only SQL query").
 */
import type { Param } from './tool-args.js';
import { PyInt, int } from './python-repr.js';

export interface ToolSpec {
  name: string;
  description: string;
  params: Param[];
}

const objectType: Param = { name: 'object_type', type: 'str', description: "Object type: 'table', 'view', 'sequence', or 'extension'", default: 'table' };

const healthDescription =
  'Analyzes database health. Here are the available health checks:\n' +
  '- index - checks for invalid, duplicate, and bloated indexes\n' +
  '- connection - checks the number of connection and their utilization\n' +
  '- vacuum - checks vacuum health for transaction id wraparound\n' +
  '- sequence - checks sequences at risk of exceeding their maximum value\n' +
  '- replication - checks replication health including lag and slots\n' +
  '- buffer - checks for buffer cache hit rates for indexes and tables\n' +
  '- constraint - checks for invalid constraints\n' +
  '- all - runs all checks\n' +
  "You can optionally specify a single health check or a comma-separated list of health checks. The default is 'all' checks.";

const hypotheticalDescription = `A list of hypothetical indexes to simulate. Each index must be a dictionary with these keys:
    - 'table': The table name to add the index to (e.g., 'users')
    - 'columns': List of column names to include in the index (e.g., ['email'] or ['last_name', 'first_name'])
    - 'using': Optional index method (default: 'btree', other options include 'hash', 'gist', etc.)

Examples: [
    {"table": "users", "columns": ["email"], "using": "btree"},
    {"table": "orders", "columns": ["user_id", "created_at"]}
]
If there is no hypothetical index, you can pass an empty list.`;

const sizeParam: Param = { name: 'max_index_size_mb', type: 'int', description: 'Max index size in MB', default: int(10000) };
const methodParam: Param = { name: 'method', type: 'literal', description: 'Method to use for analysis', default: 'dta', choices: ['dta', 'llm'] };

export function toolSpecs(restricted: boolean): ToolSpec[] {
  return [
    { name: 'list_schemas', description: 'List all schemas in the database', params: [] },
    { name: 'list_objects', description: 'List objects in a schema', params: [{ name: 'schema_name', type: 'str', description: 'Schema name' }, objectType] },
    {
      name: 'get_object_details',
      description: 'Show detailed information about a database object',
      params: [{ name: 'schema_name', type: 'str', description: 'Schema name' }, { name: 'object_name', type: 'str', description: 'Object name' }, objectType],
    },
    {
      name: 'explain_query',
      description: 'Explains the execution plan for a SQL query, showing how the database will execute it and provides detailed cost estimates.',
      params: [
        { name: 'sql', type: 'str', description: 'SQL query to explain' },
        {
          name: 'analyze',
          type: 'bool',
          description: 'When True, actually runs the query to show real execution statistics instead of estimates. Takes longer but provides more accurate information.',
          default: false,
        },
        { name: 'hypothetical_indexes', type: 'list_dict', description: hypotheticalDescription, default: [] },
      ],
    },
    {
      name: 'analyze_workload_indexes',
      description: 'Analyze frequently executed queries in the database and recommend optimal indexes',
      params: [sizeParam, methodParam],
    },
    {
      name: 'analyze_query_indexes',
      description: 'Analyze a list of (up to 10) SQL queries and recommend optimal indexes',
      params: [{ name: 'queries', type: 'list_str', description: 'List of Query strings to analyze' }, sizeParam, methodParam],
    },
    {
      name: 'analyze_db_health',
      description: healthDescription,
      params: [{ name: 'health_type', type: 'str', description: 'Optional. Valid values are: all, buffer, connection, constraint, index, replication, sequence, vacuum.', default: 'all' }],
    },
    {
      name: 'get_top_queries',
      description: "Reports the slowest or most resource-intensive queries using data from the 'pg_stat_statements' extension.",
      params: [
        {
          name: 'sort_by',
          type: 'str',
          description: "Ranking criteria: 'total_time' for total execution time or 'mean_time' for mean execution time per call, or 'resources' for resource-intensive queries",
          default: 'resources',
        },
        { name: 'limit', type: 'int', description: 'Number of queries to return when ranking based on mean_time or total_time', default: int(10) },
      ],
    },
    { name: 'execute_sql', description: restricted ? 'Execute a read-only SQL query' : 'Execute any SQL query', params: [{ name: 'sql', type: 'str', description: 'SQL to run', default: 'all' }] },
  ];
}

const jsonTypes: Record<Param['type'], Record<string, unknown>> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  bool: { type: 'boolean' },
  literal: { type: 'string' },
  list_str: { items: { type: 'string' }, type: 'array' },
  list_dict: { items: { additionalProperties: true, type: 'object' }, type: 'array' },
};

/** "max_index_size_mb" -> "Max Index Size Mb", as pydantic titles a field. */
const title = (name: string) => name.split('_').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');

/** The JSON value of a default. */
const jsonDefault = (value: unknown): unknown => (value instanceof PyInt ? Number(value.value) : value);

/** model_json_schema() of the tool's arguments model, keys in pydantic's sorted order. */
export function inputSchema(tool: ToolSpec): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const p of tool.params) {
    const schema: Record<string, unknown> = {};
    if ('default' in p) schema.default = jsonDefault(p.default);
    schema.description = p.description;
    if (p.choices) schema.enum = p.choices;
    Object.assign(schema, { items: jsonTypes[p.type].items, title: title(p.name), type: jsonTypes[p.type].type });
    if (schema.items === undefined) delete schema.items;
    properties[p.name] = schema;
  }
  const required = tool.params.filter((p) => !('default' in p)).map((p) => p.name);
  return { properties, ...(required.length ? { required } : {}), title: `${tool.name}Arguments`, type: 'object' };
}
