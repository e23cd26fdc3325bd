/**
 * STATUS.md's "MCP servers" table: every server behind the gateway with what LiteLLM is told and what
 * phase E proved of it (its tools, and the proof task's verdict), and what LiteLLM 1.77.3 enforces of
 * the access groups: listing, not calls (phase F's finding).
 */
import type { Answers } from '../core/answers.js';
import type { PhaseRecord } from '../core/state.js';
import { gatewayServers, urlOf, type GatewayServer } from '../servers/gateway-servers.js';

/** Phase E's task that proves a server through LiteLLM, by title, and how many tools it recorded. */
export const postgresProofTitle = 'MCP tools through LiteLLM: listed, called, and seen by an MCP client';
export const serverProofTitle = (name: string) => `MCP server ${name}: proven directly and through LiteLLM`;

function proofOf(s: GatewayServer, e: PhaseRecord | undefined): { tools: string; proof: string } {
  const task = e?.tasks.find((t) => t.title === (s.spec ? serverProofTitle(s.name) : postgresProofTitle));
  if (!task) return { tools: '?', proof: 'not proven yet (`litellm-mcp phase e`)' };
  const facts = task.facts ?? {};
  const tools = s.spec ? /^(\d+):/.exec(facts[`${s.name}: tools (direct)`] ?? '')?.[1] : facts['MCP tools through LiteLLM']?.split(', ').length.toString();
  return { tools: tools ?? '?', proof: `${task.status}: ${task.message.replace(/\|/g, '\\|')}` };
}

export function serversTable(a: Answers, e: PhaseRecord | undefined): string[] {
  const rows = gatewayServers(a).map((s) => {
    const { tools, proof } = proofOf(s, e);
    return `| ${s.name} | ${s.recipe} | ${s.transport} | ${urlOf(s)} | ${s.bindAddress}:${s.hostPort} | ${s.accessGroup} | ${tools} | ${proof} |`;
  });
  return [
    '## MCP servers',
    '',
    'Tools are named `<server>-<tool>` through LiteLLM. LiteLLM 1.77.3 uses a key\'s access groups to filter the tools it *lists*; it does not check them when a tool is *called* (see phase F).',
    '',
    '| Server | Recipe | Transport | URL (as LiteLLM reaches it) | Host port | Access group | Tools | Proof |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}
