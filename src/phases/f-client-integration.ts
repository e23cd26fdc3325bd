import type { Phase } from '../core/task.js';
import { clientFilesTask } from './f/client-files.js';
import { clientKeyTask } from './f/client-key.js';
import { cliJudgesTask } from './f/cli-judges.js';
import { clientProofTasks } from './f/client-proofs.js';
import { clientKeyRetireTask } from './f/key-retire.js';
import { scopeEnforcedTask } from './f/scope-enforced.js';
import { scopeFindingsTask } from './f/scope-findings.js';
import { phaseHeadings } from './headings.js';
import { swarmRelaysClosedTask, swarmRelaysTask } from './e/swarm-reach.js';

const composeTasks = [
  clientKeyTask,
  clientFilesTask,
  ...clientProofTasks,
  cliJudgesTask,
  scopeEnforcedTask,
  scopeFindingsTask,
  // Last: a replaced key is deleted only once the new one is in every file and proven.
  clientKeyRetireTask,
];

export const clientIntegrationPhase: Phase = {
  id: 'f',
  ...phaseHeadings.f,
  // On a swarm the same tasks, reaching LiteLLM's tasks through relays on the overlay network (the
  // routing mesh's port needs IPVS, which a host may lack): the client files still name the LAN address.
  tasks: (a) => a.target === 'swarm' ? [swarmRelaysTask, ...composeTasks, swarmRelaysClosedTask] : composeTasks,
};
