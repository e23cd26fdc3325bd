/**
 * Which MCP servers a key's `tools/list` on `/mcp/` shows (FACTS.md: "MCP permissions **only filter
 * listing** ... It fails open: no `object_permission`, or groups that match no server, means **all**
 * servers; the master key sees all. `mcp_servers` holds server **ids** ... access groups match config
 * `access_groups` entries exactly ... `x-mcp-servers: a,b` (or the path `/mcp/a,b`) can only narrow a list").
 * From the 1.77.3 source (mcp_server/auth/user_api_key_auth_mcp.py get_allowed_mcp_servers,
 * mcp_server_manager.get_allowed_mcp_servers, server.py _get_allowed_mcp_servers_from_mcp_server_names):
 * - the key's ids = its object permission's `mcp_servers` + the ids of config servers whose `access_groups`
 *   hold one of its `mcp_access_groups`; an empty result means every server;
 * - a non-empty result is taken as it is: an id no server has shows nothing (it does not fail open; FACTS.md
 *   names only groups);
 * - each requested name matches a server's alias, name or id (any case) among the allowed ones, else is
 *   tried as an access group; when nothing matches at all, the list stays as it was.
 * Nothing here is consulted by `tools/call` or by `/mcp-rest/*`.
 */
import type { McpServerEntry } from './config.js';
import type { Database } from './database.js';
import type { Identity } from './key-auth.js';
import { findObjectPermission } from './keys-table.js';

function idsInGroups(servers: readonly McpServerEntry[], groups: readonly string[]): string[] {
  return servers.filter((s) => s.accessGroups.some((g) => groups.includes(g))).map((s) => s.serverId);
}

export async function allowedServers(db: Database | undefined, identity: Identity, servers: readonly McpServerEntry[]): Promise<McpServerEntry[]> {
  const permissionId = identity.admin ? null : identity.row.object_permission_id;
  let ids: string[] = [];
  if (db && permissionId) {
    const permission = await findObjectPermission(db, permissionId);
    if (permission) ids = [...new Set([...(permission.mcp_servers ?? []), ...idsInGroups(servers, permission.mcp_access_groups ?? [])])];
  }
  if (ids.length === 0) return [...servers];
  return servers.filter((s) => ids.includes(s.serverId));
}

/** The names a request asks for: the path `/mcp/a,b` first, else the `x-mcp-servers` header. */
export function requestedNames(path: string, header: string | undefined): string[] | undefined {
  const fromPath = /^\/mcp\/([^?#]+)/.exec(path)?.[1];
  if (fromPath) {
    if (fromPath.includes(',')) return fromPath.replace(/\/[^/,]+(?:\/[^/,]+)*$/, '').split(',').map((s) => s.trim()).filter(Boolean);
    return [/^([^/]+(?:\/[^/]+)?)/.exec(fromPath)?.[1] ?? fromPath];
  }
  if (header === undefined) return undefined;
  return header.split(',').map((s) => s.trim()).filter(Boolean);
}

export function narrow(allowed: readonly McpServerEntry[], all: readonly McpServerEntry[], names: readonly string[] | undefined): McpServerEntry[] {
  if (names === undefined) return [...allowed];
  const picked = new Set<string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    const byName = allowed.find((s) => [s.alias, s.serverName, s.serverId].some((n) => n !== undefined && n.toLowerCase() === lower));
    if (byName) {
      picked.add(byName.serverId);
      continue;
    }
    for (const id of idsInGroups(all, [name])) if (allowed.some((s) => s.serverId === id)) picked.add(id);
  }
  return picked.size === 0 ? [...allowed] : allowed.filter((s) => picked.has(s.serverId));
}
