/**
 * Interactive or not: --yes, --json, CI=true/1, or a stdin/stdout that is not a terminal all mean no
 * prompts. --json also chooses the output: one JSON event per line for a script.
 */
import { jsonOutput } from '../output/json-output.js';
import { plainOutput, type Output } from '../output/output.js';

export interface Interaction {
  yes?: boolean;
  json?: boolean;
}

export function isInteractive(flags: Interaction, env: NodeJS.ProcessEnv): boolean {
  if (flags.yes || flags.json) return false;
  if (env.CI === 'true' || env.CI === '1') return false;
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

export async function makeOutput(flags: Interaction, env: NodeJS.ProcessEnv): Promise<Output> {
  if (flags.json) return jsonOutput();
  if (!isInteractive(flags, env)) return plainOutput();
  const { clackOutput } = await import('../output/clack-output.js');
  return clackOutput();
}
