/**
 * `mcp add` at a terminal: what the recipe needs and no flag gave is asked, with the same checks the
 * flags get afterwards (the prompt only saves a retry; the flag path stays the one that decides).
 */
import * as p from '@clack/prompts';
import { existsSync, statSync } from 'node:fs';
import { serverNameProblem } from '../servers/server-spec.js';
import * as v from '../core/validators.js';
import type { RecipeId } from '../servers/server-spec.js';
import { abortIfCancelled } from './abort-if-cancelled.js';

export interface Needed {
  name?: string;
  folder?: string;
  image?: string;
}

export async function askServerNeeds(recipe: RecipeId, given: Needed): Promise<Needed> {
  const out: Needed = { ...given };
  out.name ??= abortIfCancelled(await p.text({ message: 'Server name (the prefix of its tools in LiteLLM)', placeholder: recipe === 'filesystem' ? 'docs' : 'my_server', validate: (x) => serverNameProblem(x ?? '') }));
  if (recipe === 'filesystem') {
    out.folder ??= abortIfCancelled(await p.text({ message: 'Host folder to serve (mounted read-only)', validate: (x) => (x && existsSync(x) && statSync(x).isDirectory() ? undefined : 'Not a folder on this host.') }));
  }
  if (recipe === 'custom') {
    out.image ??= abortIfCancelled(await p.text({ message: 'MCP server image (serves SSE or streamable HTTP)', validate: (x) => v.imageRef(x ?? '') }));
  }
  return out;
}
