import type { Phase } from '../core/task.js';
import { clientFilesTask } from './f/client-files.js';
import { clientKeyTask } from './f/client-key.js';
import { cliJudgesTask } from './f/cli-judges.js';
import { clientProofTasks } from './f/client-proofs.js';
import { clientKeyRetireTask } from './f/key-retire.js';
import { scopeEnforcedTask } from './f/scope-enforced.js';
import { scopeFindingsTask } from './f/scope-findings.js';
import { phaseHeadings } from './headings.js';
import { swarmPendingTask } from './shared/swarm-pending.js';

export const clientIntegrationPhase: Phase = {
  id: 'f',
  ...phaseHeadings.f,
  // On a swarm the clients' proofs need the routing mesh, which the machines this is tested on lack.
  tasks: (a) => a.target === 'swarm' ? [swarmPendingTask('Client integration', 'Phase F (client keys, files and proofs)')] : [
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
