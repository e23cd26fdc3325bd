/**
 * Connection URLs for LiteLLM (DATABASE_URL, read by Prisma) and the MCP server (DATABASE_URI).
 * Prisma fails with P1013 on a raw `/`, `?` or `#` in the password and misplaces the host on `@` or `:`,
 * so user and password are always percent-encoded (FACTS.md).
 */
export interface UrlParts {
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
}

export function databaseUrl(p: UrlParts): string {
  if (p.host === 'localhost' || p.host === '127.0.0.1') {
    // Inside a container, localhost is the container itself, never the database.
    throw new Error(`database host "${p.host}" would point at the container itself; use the database's name on a Docker network`);
  }
  const url = `postgresql://${encodeURIComponent(p.user)}:${encodeURIComponent(p.password)}@${p.host}:${p.port}/${encodeURIComponent(p.database)}`;
  // Compose interpolates `$` in env files; encodeURIComponent leaves none, and this keeps it so.
  if (url.includes('$')) throw new Error('database URL must not contain "$"');
  return url;
}
