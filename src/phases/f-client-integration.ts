import type { Phase } from '../core/task.js';
import { clientFilesTask } from './f/client-files.js';
import { clientKeyTask } from './f/client-key.js';
import { cliJudgesTask } from './f/cli-judges.js';
import { clientProofTasks } from './f/client-proofs.js';
import { clientKeyRetireTask } from './f/key-retire.js';
import { scopeEnforcedTask } from './f/scope-enforced.js';
import { scopeFindingsTask } from './f/scope-findings.js';

export const clientIntegrationPhase: Phase = {
  id: 'f',
  title: 'Client integration',
  goal: 'A virtual key scoped to the MCP access group, a file for each client in clients/, each proven by connecting as its client does, and what the scope really limits.',
  tasks: () => [
    clientKeyTask,
    clientFilesTask,
    ...clientProofTasks,
    cliJudgesTask,
    scopeEnforcedTask,
    scopeFindingsTask,
    // Last: a replaced key is deleted only once the new one is in every file and proven.
    clientKeyRetireTask,
  ],
};
