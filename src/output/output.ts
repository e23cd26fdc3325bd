/**
 * All terminal output goes through here: clack when a person is at a terminal, plain lines otherwise.
 * Every string passes the secret redactor on its way out.
 */
import { createColors } from 'picocolors';
import type { Outcome } from '../core/task.js';
import { redact } from '../core/redact.js';

/**
 * Colour only for a terminal: picocolors alone also colours whenever CI is set, which puts escape codes
 * into a redirected CI log. NO_COLOR wins, FORCE_COLOR asks for it anyway.
 */
export function colourWanted(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const pc = createColors(colourWanted());

export interface TaskProgress {
  end(outcome: Outcome): void;
}

export interface Output {
  readonly interactive: boolean;
  intro(title: string): void;
  phase(id: string, title: string): void;
  task(title: string): TaskProgress;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, fix?: string): void;
  /**
   * What the running task is doing now: a pull's bytes and layers, what a wait waits for and until when.
   * At a terminal it replaces the spinner's text; in plain lines only a `lasting` one is written (an image
   * pulled, a wait begun), so a log shows each step once, not every tick.
   */
  progress(text: string, lasting?: boolean): void;
  /** Raw text (a diff, a report): redacted, not decorated. */
  text(message: string): void;
  outro(message: string): void;
}

const marks: Record<Outcome['status'], string> = {
  ok: pc.green('✔ ok'),
  changed: pc.cyan('✚ changed'),
  warning: pc.yellow('▲ warning'),
  failed: pc.red('✖ failed'),
  skipped: pc.dim('– skipped'),
};

export function outcomeLine(title: string, outcome: Outcome): string {
  const line = `${marks[outcome.status]}  ${title}: ${outcome.message}`;
  if (!outcome.issue) return line;
  const cause = outcome.issue.cause ? `\n      cause: ${outcome.issue.cause}` : '';
  return `${line}${cause}\n      fix: ${outcome.issue.fix}`;
}

/** Plain lines for CI, pipes and --yes runs. */
export function plainOutput(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  const put = (stream: NodeJS.WritableStream, s: string) => stream.write(`${redact(s)}\n`);
  return {
    interactive: false,
    intro: (title) => put(stdout, pc.bold(title)),
    phase: (id, title) => put(stdout, pc.bold(`\nPhase ${id.toUpperCase()}: ${title}`)),
    task: (title) => ({ end: (outcome) => put(stdout, `  ${outcomeLine(title, outcome)}`) }),
    info: (m) => put(stdout, m),
    warn: (m) => put(stderr, `${pc.yellow('warning:')} ${m}`),
    error: (m, fix) => put(stderr, `${pc.red('error:')} ${m}${fix ? `\n${pc.dim('fix:')} ${fix}` : ''}`),
    progress: (m, lasting) => {
      if (lasting) put(stdout, `    ${m}`);
    },
    text: (m) => put(stdout, m),
    outro: (m) => put(stdout, m),
  };
}
