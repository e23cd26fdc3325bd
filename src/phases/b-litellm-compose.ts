import { generated } from '../core/paths.js';
import type { Phase } from '../core/task.js';
import { renderLitellmCompose } from '../render/litellm-compose.js';
import { phaseHeadings } from './headings.js';
import { composeConfigTask } from './shared/compose-config.js';
import { generatedFileTask } from './shared/generated-file.js';
import { litellmStackFileTask } from './shared/stack-files.js';

export const litellmComposePhase: Phase = {
  id: 'b',
  ...phaseHeadings.b,
  tasks: (a) =>
    a.target === 'swarm'
      ? [litellmStackFileTask]
      : [
          generatedFileTask({ title: 'LiteLLM compose file', rel: generated.litellmCompose, render: (ctx) => renderLitellmCompose(ctx.answers) }),
          composeConfigTask(generated.litellmCompose),
        ],
};
