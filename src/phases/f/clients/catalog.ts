/** Every client phase F writes a file for, in the order clients/README.md lists them. */
import type { Answers } from '../../../core/answers.js';
import { mockModel } from '../../../core/model-names.js';
import type { ClientSpec, ClientValues } from './client.js';
import { claudeDesktop } from './claude-desktop.js';
import { codex } from './codex.js';
import { claudeCode, cursor, gemini, vscode, windsurf, zed } from './json-clients.js';
import { openWebui } from './open-webui.js';
import { openaiAgents, openaiNode, openaiPython } from './snippets.js';

export const clients: readonly ClientSpec[] = [claudeDesktop, claudeCode, cursor, vscode, windsurf, zed, gemini, codex, openWebui, openaiPython, openaiNode, openaiAgents];

/** mcp-remote as Claude Desktop runs it, pinned: `npx -y` would otherwise fetch whatever is newest. */
export const mcpRemotePackage = 'mcp-remote@0.15.1';

/** The address clients use: the Traefik host when Traefik routes LiteLLM, else the host and port. */
export function gatewayBase(a: Pick<Answers, 'traefik' | 'traefikHost' | 'traefikEntrypoint' | 'host' | 'litellmPort'>): string {
  if (a.traefik) return `${a.traefikEntrypoint === 'websecure' ? 'https' : 'http'}://${a.traefikHost}`;
  return `http://${a.host}:${a.litellmPort}`;
}

export function clientValues(a: Answers, key: string): ClientValues {
  const base = gatewayBase(a);
  // Always /mcp/ with the slash: /mcp answers 307 and several clients do not follow it (FACTS.md).
  return { mcpUrl: `${base}/mcp/`, v1Url: `${base}/v1`, model: mockModel.name, key, mcpRemote: mcpRemotePackage };
}
