import { usesRedis, type Answers } from '../core/answers.js';
import type { Phase, Task } from '../core/task.js';
import { swarmDatabaseTask } from './a/swarm-database.js';
import { imageEntrypointsTask } from './a/swarm.js';
import { litellmStackFileTask, mcpStackFileTask } from './shared/stack-files.js';
import { dedicatedDatabaseTask } from './a/database-server.js';
import { deployStackTask } from './e/deploy-stack.js';
import { gatewayNetworkTask } from './e/gateway-network.js';
import { litellmStack, mcpStack } from './e/stacks.js';
import { verifyGatewayTask } from './e/verify-gateway.js';
import { verifyLitellmTask } from './e/verify-litellm.js';
import { verifyMcpDirectTask } from './e/verify-mcp-direct.js';
import { serverStack } from './e/server-stack.js';
import { phaseHeadings } from './headings.js';
import { imagesTask } from './shared/images.js';
import { verifyServerTask } from './e/verify-server.js';
import { swarmPruneTask, swarmSecretsTask, swarmStackTask } from './e/swarm-deploy.js';
import { swarmMcpSessionTask, swarmRelaysClosedTask, swarmRelaysTask, swarmReplicasTask, swarmSharedLimitTask } from './e/swarm-reach.js';

/**
 * On a swarm: the same proofs as on compose, reached through relays on the overlay network, then what
 * only replicas need proving.
 */
const swarmTasks = (a: Answers): Task[] => [
  imagesTask,
  // After an answer changed (a new image: a rolling update), the stack files follow before the deploy.
  imageEntrypointsTask,
  mcpStackFileTask,
  litellmStackFileTask,
  swarmSecretsTask,
  // As on compose: the MCP server reads the dedicated database, so it runs first.
  ...(a.dbStrategy === 'dedicated' ? [swarmDatabaseTask] : []),
  swarmStackTask('mcp'),
  swarmStackTask('litellm'),
  swarmPruneTask,
  swarmRelaysTask,
  verifyLitellmTask,
  verifyMcpDirectTask,
  verifyGatewayTask,
  swarmReplicasTask,
  ...(usesRedis(a) ? [swarmSharedLimitTask] : []),
  swarmMcpSessionTask,
  swarmRelaysClosedTask,
];

export const deployVerifyPhase: Phase = {
  id: 'e',
  ...phaseHeadings.e,
  tasks: (a) => a.target === 'swarm' ? swarmTasks(a) : [
    // An upgrade's new image, or one removed since phase A, is pulled here with its progress.
    imagesTask,
    // The MCP server reads the dedicated database, which lives in LiteLLM's stack: started first, or
    // postgres-mcp waits out its pool's 30 s before it opens its port (FACTS.md: about 39 s).
    ...(a.dbStrategy === 'dedicated' ? [dedicatedDatabaseTask] : []),
    deployStackTask(mcpStack(a)),
    // Added servers start before LiteLLM too: it connects to every configured server at start-up.
    ...a.mcpServers.map((spec) => deployStackTask(serverStack(a, spec))),
    deployStackTask(litellmStack(a)),
    verifyLitellmTask,
    verifyMcpDirectTask,
    gatewayNetworkTask,
    verifyGatewayTask,
    ...a.mcpServers.map((spec) => verifyServerTask(spec.name)),
  ],
};
