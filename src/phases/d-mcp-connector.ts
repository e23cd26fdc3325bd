import { generated } from '../core/paths.js';
import type { Phase } from '../core/task.js';
import { renderMcpCompose } from '../render/mcp-compose.js';
import { phaseHeadings } from './headings.js';
import { composeConfigTask } from './shared/compose-config.js';
import { generatedFileTask } from './shared/generated-file.js';
import { mcpTransportTask } from './d/mcp-transport.js';
import { addedNames } from '../servers/gateway-servers.js';
import { renderServerCompose } from '../servers/server-compose.js';

export const mcpConnectorPhase: Phase = {
  id: 'd',
  ...phaseHeadings.d,
  tasks: (a) => [
    mcpTransportTask,
    generatedFileTask({ title: 'MCP server compose file', rel: generated.mcpCompose, render: (ctx) => renderMcpCompose(ctx.answers) }),
    composeConfigTask(generated.mcpCompose),
    // Each server added with `mcp add`: its own folder and compose project on the same gateway network.
    ...a.mcpServers.flatMap((spec) => {
      const rel = addedNames(a.name, spec.name).composeRel;
      return [
        generatedFileTask({ title: `${spec.name}: compose file (${spec.recipe})`, rel, render: (ctx) => renderServerCompose(ctx.answers, ctx.answers.mcpServers.find((s) => s.name === spec.name) ?? spec) }),
        composeConfigTask(rel),
      ];
    }),
  ],
};
