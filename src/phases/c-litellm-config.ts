import { generated } from '../core/paths.js';
import type { Phase } from '../core/task.js';
import { renderLitellmConfig } from '../render/litellm-config.js';
import { generatedFileTask } from './shared/generated-file.js';
import { litellmRulesTask } from './c/litellm-rules.js';

export const litellmConfigPhase: Phase = {
  id: 'c',
  title: 'LiteLLM configuration',
  goal: 'litellm/config/config.yaml: models, settings from the environment, and the MCP server with an explicit SSE transport.',
  tasks: () => [
    generatedFileTask({ title: 'LiteLLM config file', rel: generated.litellmConfig, render: (ctx) => renderLitellmConfig(ctx.answers) }),
    litellmRulesTask,
  ],
};
