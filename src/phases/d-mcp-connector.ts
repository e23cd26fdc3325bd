import { generated } from '../core/paths.js';
import type { Phase } from '../core/task.js';
import { renderMcpCompose } from '../render/mcp-compose.js';
import { composeConfigTask } from './shared/compose-config.js';
import { generatedFileTask } from './shared/generated-file.js';
import { mcpTransportTask } from './d/mcp-transport.js';

export const mcpConnectorPhase: Phase = {
  id: 'd',
  title: 'MCP connector',
  goal: 'mcp/postgres/docker-compose.yml: postgres-mcp over SSE in restricted mode, on the gateway network, with the read-only role.',
  tasks: () => [
    mcpTransportTask,
    generatedFileTask({ title: 'MCP server compose file', rel: generated.mcpCompose, render: (ctx) => renderMcpCompose(ctx.answers) }),
    composeConfigTask(generated.mcpCompose),
  ],
};
