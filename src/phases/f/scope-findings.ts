/**
 * What the client key's MCP access group really limits on LiteLLM 1.77.3 (FACTS.md): a key's groups
 * only filter `tools/list` on /mcp/, `tools/call` is never checked, and groups that match no server mean
 * every server. Phase F does not claim a scope the gateway does not enforce: it probes with a short-lived
 * key in another group, reports what that key could list and call, and deletes it.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from '../../core/context.js';
import { readClientKey } from '../../core/client-key.js';
import { TaskFailure } from '../../core/errors.js';
import { verifyTask, type Check } from '../../core/task.js';
import { readDeployedConfig } from '../e/deployed-config.js';
import { callTool, judgeRead, readSql } from '../e/mcp-probes.js';
import { gatewayApi } from '../e/verify-litellm.js';
import { keyHeader } from './clients/client.js';
import { keyApiOf } from './key-api.js';
import { clientAccessGroups, clientRoutes, createdBy } from './key-scope.js';

interface Seen {
  servers: string[];
  /** Whether our SQL tool answered this key with the read-only role's row. */
  called: boolean;
}

async function asKey(ctx: Context, base: string, key: string, serverNames: readonly string[]): Promise<Seen> {
  const { withMcpClient } = await import('../../infra/mcp-client.js');
  return withMcpClient(`${base}/mcp/`, 'http', { [keyHeader]: `Bearer ${key}` }, 20_000, async (client) => {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const servers = serverNames.filter((s) => tools.some((t) => t.startsWith(`${s}-`)));
    const call = await callTool(client, `${ctx.answers.mcpServerName}-execute_sql`, { sql: readSql });
    return { servers, called: judgeRead(call.text, ctx.answers.mcpRole, ctx.answers.mcpDatabase).ok };
  });
}

export const scopeFindingsTask = verifyTask('MCP access group: what LiteLLM enforces', async (ctx): Promise<Check> => {
  const key = readClientKey(ctx.paths.clientKeyFile);
  if (!key) throw new TaskFailure('There is no client key (secrets/client.env).', 'Run `litellm-mcp phase f` to mint it.');
  const groups = clientAccessGroups(ctx.answers);
  const group = groups.join(', ');
  const ours = ctx.answers.mcpServerName;
  const servers = (await readDeployedConfig(ctx)).servers;
  const names = servers.map((s) => s.name);
  const outside = servers.filter((s) => !(s.accessGroups ?? []).some((g) => groups.includes(g)));
  const base = (await gatewayApi(ctx)).base;

  const mine = await asKey(ctx, base, key, names);
  const strayListed = mine.servers.filter((s) => outside.some((o) => o.name === s));
  // A group of a server outside ours shows whether calls are checked; without one, a group that matches
  // nothing shows the fail-open rule.
  const probeGroup = outside.find((s) => s.name !== ours && s.accessGroups?.length)?.accessGroups?.[0] ?? `litellm_mcp_probe_${randomBytes(3).toString('hex')}`;
  const keys = await keyApiOf(ctx);
  const probe = await keys.generate({
    key_alias: `litellm-mcp-probe-${randomBytes(4).toString('hex')}`,
    models: [],
    allowed_routes: [...clientRoutes],
    metadata: { created_by: createdBy, purpose: 'phase f scope probe, deleted at once' },
    object_permission: { mcp_access_groups: [probeGroup] },
  });
  let seen: Seen;
  try {
    seen = await asKey(ctx, base, probe.key, names);
  } finally {
    await keys.delete([probe.token]);
  }

  const facts: Record<string, string> = {
    'Scoped listing': `the client key (group ${group}) lists ${mine.servers.join(', ') || 'no server'}${strayListed.length ? `, including ${strayListed.join(', ')} outside its group` : ''}`,
  };
  const matchesNothing = !servers.some((s) => s.accessGroups?.includes(probeGroup));
  if (matchesNothing) {
    facts['Finding: listing fails open'] = `a key for group ${probeGroup}, which no server has, lists ${seen.servers.join(', ') || 'nothing'}${seen.called ? ` and read through ${ours}-execute_sql` : ''}: a key whose groups match no server sees every server`;
  } else {
    facts['Finding: calls are not checked'] = seen.called
      ? `a key for group ${probeGroup} (listing ${seen.servers.join(', ') || 'nothing'}, not ${ours}) called ${ours}-execute_sql and got ${ctx.answers.mcpRole}'s row`
      : `a key for group ${probeGroup} could not call ${ours}-execute_sql`;
  }
  facts['Not enforced by 1.77.3'] = '/mcp-rest/tools/list and /mcp-rest/tools/call ignore key scope (closed to the client key by its routes); tools/call on /mcp/ is never checked against the key\'s groups';
  const exposed = strayListed.length > 0 || (!matchesNothing && seen.called);
  if (!exposed) return { status: 'ok', message: `the client key lists only ${group}'s servers; findings on what 1.77.3 does not enforce are in the report`, facts };
  return {
    status: 'warning',
    message: `the access group is not a boundary on this gateway: ${strayListed.length ? `the client key lists ${strayListed.join(', ')}` : `a key outside ${group} called ${ours}'s tools`}`,
    facts,
    issue: {
      problem: `LiteLLM 1.77.3 does not check tools/call against a key's MCP access groups: any key that reaches /mcp/ can call the tools of every MCP server behind this gateway (${names.join(', ')}).`,
      cause: 'MCP permissions in 1.77.3 only filter tools/list (FACTS.md, "Virtual keys").',
      fix: 'Keep only servers every client may use behind this gateway (read-only ones), or give servers that need separation their own gateway.',
    },
  };
});
