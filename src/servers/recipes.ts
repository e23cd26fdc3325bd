/**
 * Recipes: what an MCP server needs behind the gateway, as data. An image, how it speaks, what it
 * mounts, its healthcheck, its hardening and the harmless call that proves it. `postgres` is the first
 * recipe (its files come from the main answers, see gateway-servers.ts); `filesystem` serves a folder
 * read-only through the supergateway stdio→SSE bridge; `custom` is any image that serves SSE or HTTP.
 */
import type { RecipeId, ServerSpec, ServerTransport } from './server-spec.js';

/** The server-filesystem package the bridge starts, pinned: a re-run never changes what it runs. */
export const filesystemPackage = '@modelcontextprotocol/server-filesystem@2026.8.31';
/** Where the filesystem recipe mounts the folder, read-only. */
export const filesystemMount = '/data';

export interface ToolProbe {
  tool: string;
  args: Record<string, unknown>;
  /** What the answer's text must contain, said as evidence. */
  expect: string;
}

export interface Recipe {
  id: RecipeId | 'postgres';
  summary: string;
  defaults: { image?: string; transport?: ServerTransport; port: number };
  command(spec: ServerSpec): string[] | undefined;
  volumes(spec: ServerSpec): string[];
  /** A check that needs nothing but what the image holds; undefined when we cannot know (custom). */
  healthcheck(spec: ServerSpec): string[] | undefined;
  /** Its root file system can be read-only (nothing written at run time). */
  readOnlyRoot: boolean;
  /** The harmless call that proves it, directly and through LiteLLM. */
  probe(spec: ServerSpec): ToolProbe | undefined;
  /** A call that must fail because the server is read-only, and the host file it must not create. */
  writeRefused?(spec: ServerSpec): { probe: ToolProbe; hostFile: string };
}

/** A TCP connect with the image's own node: supergateway's image has no curl (a Node image). */
const nodeTcpCheck = (port: number) => ['CMD', 'node', '-e', `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`];

export const filesystemRecipe: Recipe = {
  id: 'filesystem',
  summary: 'a host folder, read-only, through @modelcontextprotocol/server-filesystem behind supergateway (stdio → SSE)',
  defaults: { image: 'supercorp/supergateway:latest', transport: 'sse', port: 8000 },
  // FACTS.md: supergateway --stdio "<cmd>" --port 8000 --ssePath /sse --messagePath /message, seen through LiteLLM over SSE.
  command: (s) => ['--stdio', `npx -y ${filesystemPackage} ${filesystemMount}`, '--port', String(s.port), '--ssePath', '/sse', '--messagePath', '/message', '--healthEndpoint', '/healthz'],
  volumes: (s) => [`${s.folder}:${filesystemMount}:ro`],
  healthcheck: (s) => nodeTcpCheck(s.port),
  // npx unpacks the package into the user's cache at start.
  readOnlyRoot: false,
  probe: () => ({ tool: 'list_allowed_directories', args: {}, expect: filesystemMount }),
  writeRefused: (s) => ({
    probe: { tool: 'write_file', args: { path: `${filesystemMount}/.litellm-mcp-write-probe`, content: 'must not be written' }, expect: 'read-only' },
    hostFile: `${s.folder}/.litellm-mcp-write-probe`,
  }),
};

export const customRecipe: Recipe = {
  id: 'custom',
  summary: 'any MCP server image that serves SSE (/sse) or streamable HTTP (/mcp) on a port',
  defaults: { port: 8000 },
  command: () => undefined,
  volumes: () => [],
  healthcheck: () => undefined,
  readOnlyRoot: false,
  probe: (s) => s.probe,
};

export const recipes: Record<RecipeId, Recipe> = { filesystem: filesystemRecipe, custom: customRecipe };
