import type { Phase } from '../core/task.js';
import { containersTask } from './g/containers.js';
import { databaseRolesTask } from './g/database-roles.js';
import { exposureTask } from './g/exposure.js';
import { fileModesTask } from './g/file-modes.js';
import { litellmSettingsTask } from './g/litellm-settings.js';
import { openDoorsTask } from './g/open-doors.js';
import { traefikBlockTask } from './g/traefik-block.js';
import { phaseHeadings } from './headings.js';
import { swarmPendingTask } from './shared/swarm-pending.js';

export const hardeningPhase: Phase = {
  id: 'g',
  ...phaseHeadings.g,
  tasks: (a) => a.target === 'swarm' ? [swarmPendingTask('Hardening audit', 'Phase G (the hardening audit)')] : [exposureTask, openDoorsTask, ...(a.traefik ? [traefikBlockTask] : []), containersTask, fileModesTask, databaseRolesTask, litellmSettingsTask],
};
