import { generated } from '../core/paths.js';
import type { Phase } from '../core/task.js';
import { renderLitellmCompose } from '../render/litellm-compose.js';
import { phaseHeadings } from './headings.js';
import { composeConfigTask } from './shared/compose-config.js';
import { generatedFileTask } from './shared/generated-file.js';
import { litellmStackFileTask } from './shared/stack-files.js';
import { imagesTask } from './shared/images.js';
import { imageEntrypointsTask } from './a/swarm.js';

export const litellmComposePhase: Phase = {
  id: 'b',
  ...phaseHeadings.b,
  tasks: (a) =>
    a.target === 'swarm'
      // The stack file names the image's entrypoint (the secrets wrapper execs it): a new image (an
      // upgrade runs B then E) is pulled and read first.
      ? [imagesTask, imageEntrypointsTask, litellmStackFileTask]
      : [
          generatedFileTask({ title: 'LiteLLM compose file', rel: generated.litellmCompose, render: (ctx) => renderLitellmCompose(ctx.answers) }),
          composeConfigTask(generated.litellmCompose),
        ],
};
