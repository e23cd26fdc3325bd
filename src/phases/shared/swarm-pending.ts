/**
 * The parts of `--target swarm` this version does not do yet. They fail at once with what is missing,
 * before anything is half made, rather than deploying something no phase can prove.
 */
import { TaskFailure } from '../../core/errors.js';
import type { Task } from '../../core/task.js';

export function swarmPendingTask(title: string, what: string): Task {
  const fail = async (): Promise<never> => {
    throw new TaskFailure(
      `${what} on a swarm is not built in this version of litellm-mcp: phases A to D write and check the stack files, and nothing has been deployed.`,
      'Deploy with --target compose for now (`litellm-mcp init --target compose`, or target: compose in litellm-mcp.yaml); the stack files stay for review.',
    );
  };
  return { title, check: fail, apply: fail };
}
