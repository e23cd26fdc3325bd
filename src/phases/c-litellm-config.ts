import { generated } from '../core/paths.js';
import type { Phase } from '../core/task.js';
import { renderLitellmConfig } from '../render/litellm-config.js';
import { phaseHeadings } from './headings.js';
import { generatedFileTask } from './shared/generated-file.js';
import { litellmRulesTask } from './c/litellm-rules.js';

export const litellmConfigPhase: Phase = {
  id: 'c',
  ...phaseHeadings.c,
  tasks: () => [
    generatedFileTask({ title: 'LiteLLM config file', rel: generated.litellmConfig, render: (ctx) => renderLitellmConfig(ctx.answers) }),
    litellmRulesTask,
  ],
};
