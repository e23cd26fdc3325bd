import { generated } from '../core/paths.js';
import type { Answers } from '../core/answers.js';
import type { Phase, Task } from '../core/task.js';
import { renderMcpCompose } from '../render/mcp-compose.js';
import { phaseHeadings } from './headings.js';
import { composeConfigTask } from './shared/compose-config.js';
import { generatedFileTask } from './shared/generated-file.js';
import { mcpTransportTask } from './d/mcp-transport.js';
import { addedNames } from '../servers/gateway-servers.js';
import { renderServerCompose } from '../servers/server-compose.js';
import { mcpStackFileTask } from './shared/stack-files.js';
import { imagesTask } from './shared/images.js';
import { imageEntrypointsTask } from './a/swarm.js';
import { swarmPendingTask } from './shared/swarm-pending.js';

/** On a swarm: one stack file, rendered from the same compose document (shared/stack-files.ts). */
function swarmTasks(a: Answers): Task[] {
  return [
    mcpTransportTask,
    imagesTask,
    imageEntrypointsTask,
    mcpStackFileTask,
    ...(a.mcpServers.length ? [swarmPendingTask('Added MCP servers', `Servers added with \`mcp add\` (${a.mcpServers.map((s) => s.name).join(', ')})`)] : []),
  ];
}

function composeTasks(a: Answers): Task[] {
  return [
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
  ];
}

export const mcpConnectorPhase: Phase = {
  id: 'd',
  ...phaseHeadings.d,
  tasks: (a) => (a.target === 'swarm' ? swarmTasks(a) : composeTasks(a)),
};
