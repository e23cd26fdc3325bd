import type { Phase } from '../core/task.js';
import { databaseServerTask } from './tasks/database-server.js';
import { envFileTasks } from './tasks/env-files.js';
import { layoutTask } from './tasks/layout.js';
import { litellmDatabaseTask } from './tasks/litellm-database.js';
import { mcpRoleTask } from './tasks/mcp-role.js';
import { networkTasks } from './tasks/networks.js';
import { portTasks } from './tasks/ports.js';
import { providerKeysTask } from './tasks/provider-keys.js';
import { secretsTask } from './tasks/secrets.js';

export const environmentPhase: Phase = {
  id: 'a',
  title: 'Environment preparation',
  goal: 'Folders, secrets, Docker networks, free ports, and the database with its LiteLLM and read-only MCP roles.',
  tasks: (a) => [
    layoutTask,
    secretsTask,
    ...envFileTasks(a),
    providerKeysTask,
    ...networkTasks(a),
    ...portTasks,
    databaseServerTask(a),
    litellmDatabaseTask,
    mcpRoleTask,
  ],
};
