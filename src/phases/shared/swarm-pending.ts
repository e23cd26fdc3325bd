/**
 * The parts of `--target swarm` this version does not do yet. They fail at once with what is missing,
 * before anything is half made, rather than deploying something no phase can prove.
 */
import { TaskFailure } from '../../core/errors.js';
import type { Task } from '../../core/task.js';

export function swarmPendingTask(title: string, what: string): Task {
  const fail = async (): Promise<never> => {
    throw new TaskFailure(
      `${what} on a swarm is not built in this version of litellm-mcp; nothing was changed by this step.`,
      'Use --target compose for it (`litellm-mcp init --target compose`, or target: compose in litellm-mcp.yaml). What the swarm target does today: README, "Scaling out".',
    );
  };
  return { title, check: fail, apply: fail };
}
