/**
 * Python tracebacks as LiteLLM's logs carry them (FACTS.md: "a traceback sits inside `message` with `\n`
 * (errors with a multi-line `stacktrace` field)"). The frames name the modules the real call passes
 * through (starlette's lifespan, proxy_server's start-up, ...) so the text has the real shape, but their
 * line numbers are the stand-in's own: a diagnosis must judge the final exception line, never a frame.
 */

export interface Frame {
  /** Path under site-packages (the 1.77-era image runs Python 3.13 from /usr/lib/python3.13). */
  file: string;
  line: number;
  func: string;
  source: string;
}

const sitePackages = '/usr/lib/python3.13/site-packages';

export function frame(file: string, line: number, func: string, source: string): Frame {
  return { file: file.startsWith('/') ? file : `${sitePackages}/${file}`, line, func, source };
}

/** `traceback.format_exc()`: ends with a newline (Starlette logs it that way on a failed start). */
export function formatExc(frames: readonly Frame[], exception: string): string {
  return `${formatException(frames, exception)}\n`;
}

/** `Formatter.formatException()`: what a JSON record's `stacktrace` holds (no final newline). */
export function formatException(frames: readonly Frame[], exception: string): string {
  const body = frames.map((f) => `  File "${f.file}", line ${f.line}, in ${f.func}\n    ${f.source}`).join('\n');
  return `Traceback (most recent call last):\n${body}\n${exception}`;
}

/** The frames every start-up failure passes through: uvicorn's lifespan calling LiteLLM's start-up event. */
export const lifespanFrames: readonly Frame[] = [
  frame('starlette/routing.py', 694, 'lifespan', 'async with self.lifespan_context(app) as maybe_state:'),
  frame('/usr/lib/python3.13/contextlib.py', 214, '__aenter__', 'return await anext(self.gen)'),
  frame('fastapi/routing.py', 134, 'merged_lifespan', 'async with original_context(app) as maybe_original_state:'),
  frame('/usr/lib/python3.13/contextlib.py', 214, '__aenter__', 'return await anext(self.gen)'),
];
