import type { Phase } from '../core/task.js';
import { containersTask } from './g/containers.js';
import { databaseRolesTask } from './g/database-roles.js';
import { exposureTask } from './g/exposure.js';
import { fileModesTask } from './g/file-modes.js';
import { litellmSettingsTask } from './g/litellm-settings.js';
import { openDoorsTask } from './g/open-doors.js';
import { traefikBlockTask } from './g/traefik-block.js';

export const hardeningPhase: Phase = {
  id: 'g',
  title: 'Observability and hardening',
  goal: 'An audit of the running deployment by trying it from the outside (ports, open doors and their block at Traefik, containers, files, database roles, LiteLLM settings), each finding with its severity, evidence and fix or reason; what is ours repaired.',
  tasks: (a) => [exposureTask, openDoorsTask, ...(a.traefik ? [traefikBlockTask] : []), containersTask, fileModesTask, databaseRolesTask, litellmSettingsTask],
};
