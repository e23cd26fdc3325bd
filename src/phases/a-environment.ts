import type { Phase } from '../core/task.js';
import { databaseServerTask } from './a/database-server.js';
import { envFileTasks } from './a/env-files.js';
import { layoutTask } from './a/layout.js';
import { litellmDatabaseTask } from './a/litellm-database.js';
import { mcpRoleTask } from './a/mcp-role.js';
import { networkTasks } from './a/networks.js';
import { portTasks, serverPortTask } from './a/ports.js';
import { providerKeysTask } from './a/provider-keys.js';
import { phaseHeadings } from './headings.js';
import { imagesTask } from './shared/images.js';
import { secretsTask } from './shared/secrets.js';
import { swarmTasks } from './a/swarm.js';
import { swarmSecretsTask } from './e/swarm-deploy.js';

export const environmentPhase: Phase = {
  id: 'a',
  ...phaseHeadings.a,
  tasks: (a) => [
    imagesTask,
    ...(a.target === 'swarm' ? swarmTasks(a) : []),
    layoutTask,
    secretsTask,
    ...envFileTasks(a),
    providerKeysTask,
    ...networkTasks(a),
    ...portTasks,
    ...a.mcpServers.map((s) => serverPortTask(s.name)),
    // On a swarm the database reads its password from a Docker secret, made before it is deployed.
    ...(a.target === 'swarm' ? [swarmSecretsTask] : []),
    databaseServerTask(a),
    litellmDatabaseTask,
    mcpRoleTask,
  ],
};
