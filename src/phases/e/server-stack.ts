/**
 * The compose stack of a server added with `mcp add`. Its diagnosis guesses no cause: the image is
 * anyone's, so the failure is said as not recognised with its last log lines (FACTS.md's rule).
 */
import { notRecognised } from '../../diagnose/not-recognised.js';
import { addedNames, addedServer, addedService } from '../../servers/gateway-servers.js';
import type { ServerSpec } from '../../servers/server-spec.js';
import type { Stack } from './stacks.js';
import type { Answers } from '../../core/answers.js';

export function serverStack(a: Pick<Answers, 'name'>, spec: ServerSpec): Stack {
  const s = addedServer(a, spec);
  const names = addedNames(a.name, spec.name);
  return {
    label: `MCP server ${spec.name}`,
    project: s.project,
    composeRel: s.composeRel,
    services: () => [addedService],
    mounted: () => (spec.envFile ? [names.envRel] : []),
    main: addedService,
    // npx in the bridge unpacks its package at the first start.
    deadlineMs: 120_000,
    images: () => [spec.image],
    diagnose: (_a, c, detail, logs) =>
      notRecognised({ subject: `The MCP server ${spec.name} (${c.name}) ${detail}`, tail: logs.slice(-5), readAll: `docker logs ${c.name}`, then: 'then run `litellm-mcp phase e` again' }),
  };
}
