/**
 * Why `docker compose up` (or any compose command) refused, from its output. The failing line decides:
 * the newest error line, past compose v1's closing "Encountered errors while bringing up the project."
 * One rule set (compose-rules.ts) serves every compose call.
 */
import type { Issue } from '../core/state.js';
import { composeRules, hostPortTaken, type ComposeJudgement } from './compose-rules.js';
import { notRecognised } from './not-recognised.js';
import { judge } from './rule.js';

export interface ComposeUpSymptom {
  output: string;
  images: readonly string[];
  /** Who holds a host port, when we could tell: "container traefik" or "process nginx (pid 812)". */
  portHolder?: (port: number) => Promise<string | undefined>;
  /** The option that sets a host port, when it is one of the answers: the fix names it alone. */
  portFlag?: (port: number) => string | undefined;
  /** The option that sets each image: a pull failure's fix names it. */
  imageOptions?: Readonly<Record<string, string>>;
  /** The compose command that failed, to rerun by hand; a generic one is named otherwise. */
  command?: string;
}

const errorLine = /\berror\b|\bdenied\b|\bfailed\b|\bcannot\b|\bunable\b|\binvalid\b|no such|not found/i;
const closingNoise = /Encountered errors while bringing up the project/;

/** The newest line that reports an error. */
export function failingComposeLine(output: string): string | undefined {
  return output.split('\n').map((l) => l.trim()).filter((l) => errorLine.test(l) && !closingNoise.test(l)).at(-1);
}

/** The diagnosis of a compose failure, once who holds a port (if any) is known. */
export function composeIssue(output: string, j: ComposeJudgement, command?: string): Issue {
  const line = failingComposeLine(output);
  const known = line && judge(composeRules, line, j, line);
  if (known) return known;
  return notRecognised({
    subject: 'docker compose failed',
    ...(line ? { failing: line } : {}),
    tail: output.split('\n').map((l) => l.trim()).filter(Boolean).slice(-5),
    readAll: command ?? 'docker compose -p PROJECT -f FILE up -d',
    then: 'then run the phase again (`docker compose -f FILE config` shows what compose rejects in a file)',
  });
}

export async function diagnoseComposeUp(s: ComposeUpSymptom): Promise<Issue> {
  const line = failingComposeLine(s.output) ?? '';
  const port = hostPortTaken.exec(line);
  const number = port ? Number(port[1] ?? port[2] ?? port[3]) : 0;
  const holder = number && s.portHolder ? await s.portHolder(number) : undefined;
  const portFlag = number ? s.portFlag?.(number) : undefined;
  return composeIssue(s.output, { images: s.images, ...(holder ? { holder } : {}), ...(portFlag ? { portFlag } : {}), ...(s.imageOptions ? { imageOptions: s.imageOptions } : {}) }, s.command);
}
