/**
 * Defaults from this host for the answers nobody has given or saved: its name, free ports from the
 * deployment's own (a port a container publishes, or a process listens on, is skipped).
 */
import type { AnswerKey, Answers } from '../core/answers.js';
import { hostName } from '../core/validators.js';
import type { HostSurvey } from '../infra/host-survey.js';
import { isPortFree } from '../infra/ports.js';

async function freeFrom(start: number, survey: HostSurvey, skip: ReadonlySet<number>): Promise<number> {
  for (let port = start; port < Math.min(start + 100, 65536); port++) {
    if (survey.publishedPorts.has(port) || skip.has(port)) continue;
    if (await isPortFree('0.0.0.0', port)) return port;
  }
  return start;
}

export async function hostDefaults(survey: HostSurvey, a: Answers, fixed: ReadonlySet<AnswerKey>): Promise<Partial<Answers>> {
  const out: Partial<Answers> = {};
  if (!fixed.has('host') && !hostName(survey.hostName)) out.host = survey.hostName;
  if (!fixed.has('litellmPort')) out.litellmPort = await freeFrom(a.litellmPort, survey, new Set([a.mcpPort]));
  if (!fixed.has('mcpPort')) out.mcpPort = await freeFrom(a.mcpPort, survey, new Set([out.litellmPort ?? a.litellmPort]));
  return out;
}
