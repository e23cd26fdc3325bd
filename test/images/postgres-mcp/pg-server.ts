/**
 * @modelcontextprotocol/server-postgres (a real MCP server, stdio, one read-only `query` tool), given its
 * database URL from DATABASE_URI as postgres-mcp takes it, not from argv: the password must not show in
 * the container's process list.
 */
const uri = process.env.DATABASE_URI;
if (!uri) {
  console.error('DATABASE_URI is not set');
  process.exit(1);
}
process.argv.splice(2, process.argv.length - 2, uri);
// @ts-expect-error: the package ships JavaScript without type declarations; it only needs to run.
await import('@modelcontextprotocol/server-postgres/dist/index.js');
