/** Interactive or not: --yes, CI=true/1, or a stdin/stdout that is not a terminal all mean no prompts. */
import { plainOutput, type Output } from '../output/output.js';

export interface Interaction {
  yes?: boolean;
}

export function isInteractive(flags: Interaction, env: NodeJS.ProcessEnv): boolean {
  if (flags.yes) return false;
  if (env.CI === 'true' || env.CI === '1') return false;
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

export async function makeOutput(flags: Interaction, env: NodeJS.ProcessEnv): Promise<Output> {
  if (!isInteractive(flags, env)) return plainOutput();
  const { clackOutput } = await import('../output/clack-output.js');
  return clackOutput();
}
