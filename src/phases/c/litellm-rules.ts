/**
 * LiteLLM 1.77.3's rules for config.yaml, checked on the file on disk (which the person may have edited):
 * no `-` in MCP server names or aliases, an explicit transport, an SSE URL ending in /sse, no localhost.
 */
import { join } from 'node:path';
import { generated } from '../../core/paths.js';
import { verifyTask, type Check } from '../../core/task.js';
import { readIfExists } from '../../infra/files.js';
import { yaml } from '../../infra/yaml.js';

interface ServerEntry {
  url?: string;
  transport?: string;
  alias?: string;
}

export function litellmConfigProblems(text: string): string[] {
  const config = (yaml().parse(text) ?? {}) as { mcp_servers?: Record<string, ServerEntry>; litellm_settings?: { mcp_aliases?: Record<string, string> } };
  const problems: string[] = [];
  for (const [name, server] of Object.entries(config.mcp_servers ?? {})) {
    if (name.includes('-')) problems.push(`server name "${name}" contains "-", which makes LiteLLM's config loading fail; use "_"`);
    if (server.alias?.includes('-')) problems.push(`alias "${server.alias}" of ${name} contains "-"; use "_"`);
    if (!server.transport) problems.push(`${name} has no transport; LiteLLM then uses streamable HTTP, which an SSE server cannot answer`);
    else if (!['sse', 'http', 'stdio'].includes(server.transport)) problems.push(`${name} has an unknown transport "${server.transport}"`);
    if (server.transport === 'sse' && server.url && !new URL(server.url).pathname.endsWith('/sse')) problems.push(`${name} uses SSE but its URL does not end in /sse`);
    if (server.url && /^(localhost|127\.0\.0\.1)$/.test(new URL(server.url).hostname)) problems.push(`${name}'s URL uses ${new URL(server.url).hostname}, which inside the LiteLLM container is LiteLLM itself`);
  }
  for (const alias of Object.keys(config.litellm_settings?.mcp_aliases ?? {})) {
    if (alias.includes('-')) problems.push(`mcp_aliases key "${alias}" contains "-"; use "_"`);
  }
  return problems;
}

export const litellmRulesTask = verifyTask('config.yaml follows LiteLLM 1.77.3 rules', async (ctx): Promise<Check> => {
  const text = readIfExists(join(ctx.paths.dir, generated.litellmConfig));
  if (text === undefined) return { status: 'failed', message: 'config.yaml is missing', issue: { problem: 'litellm/config/config.yaml is missing.', fix: 'Run `litellm-mcp phase c`.' } };
  const problems = litellmConfigProblems(text);
  if (problems.length === 0) return { status: 'ok', message: 'server names, transports and URLs are valid' };
  return {
    status: 'failed',
    message: problems[0] as string,
    issue: { problem: problems.join('; '), fix: 'Correct litellm/config/config.yaml, or delete it and run `litellm-mcp phase c` to regenerate it.', cause: 'a LiteLLM config rule (FACTS.md)' },
  };
});
