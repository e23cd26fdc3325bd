/** Exit codes, decided once at the top of the program (STYLE.md). */
export const ExitCode = {
  ok: 0,
  phaseFailed: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** Bad input or usage: names the problem and the fix; exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly fix?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The person cancelled a prompt or pressed Ctrl-C: exit 130. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** An expected failure inside a task, with a cause and a fix for the report. */
export class TaskFailure extends Error {
  constructor(message: string, readonly fix: string, readonly cause_?: string) {
    super(message);
    this.name = 'TaskFailure';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A compose command that exited non-zero, with its (redacted) output. */
export class ComposeError extends Error {
  constructor(message: string, readonly output: string) {
    super(`${message}: ${output.split('\n').slice(-5).join(' | ')}`);
    this.name = 'ComposeError';
  }
}
