import type { Phase } from '../core/task.js';
import { containersTask } from './g/containers.js';
import { databaseRolesTask } from './g/database-roles.js';
import { exposureTask } from './g/exposure.js';
import { fileModesTask } from './g/file-modes.js';
import { litellmSettingsTask } from './g/litellm-settings.js';
import { openDoorsTask } from './g/open-doors.js';
import { traefikBlockTask } from './g/traefik-block.js';
import { phaseHeadings } from './headings.js';
import { swarmRelaysClosedTask, swarmRelaysTask } from './e/swarm-reach.js';
import { swarmServicesTask } from './g/swarm-services.js';

export const hardeningPhase: Phase = {
  id: 'g',
  ...phaseHeadings.g,
  // On a swarm: the services' specs instead of containers, and LiteLLM reached through a relay on the
  // overlay network, as in phases E and F.
  tasks: (a) => a.target === 'swarm'
    ? [swarmRelaysTask, exposureTask, openDoorsTask, ...(a.traefik ? [traefikBlockTask] : []), swarmServicesTask, fileModesTask, databaseRolesTask, litellmSettingsTask, swarmRelaysClosedTask]
    : [exposureTask, openDoorsTask, ...(a.traefik ? [traefikBlockTask] : []), containersTask, fileModesTask, databaseRolesTask, litellmSettingsTask],
};
