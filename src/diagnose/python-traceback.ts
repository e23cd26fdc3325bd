/**
 * A Python traceback's final exception, the line Python itself ends with: "ModuleNotFoundError: No module
 * named 'x'". Causes are judged on it, never on the frames above it: a frame's source line can quote any
 * phrase (`if "P1001" in str(e):`) without that error having happened.
 */

/** "KeyError: 'x'", "Exception: ...", "prisma.engine.errors.NotConnectedError: ...", "SystemExit: 1". */
const exceptionLine = /^(?=[A-Za-z_])(?:[A-Za-z_]\w*\.)*\w*(?:Error|Exception|Exit|Interrupt|ExceptionGroup|Timeout)(?::\s.*)?$|^(?:[A-Za-z_]\w*\.)+[A-Z]\w*: .+$/;

export const tracebackStart = /Traceback \(most recent call last\):/;

/** Chained tracebacks: the next traceback follows one of these lines. */
export const chainLine = /^(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)$/;

export function isExceptionLine(line: string): boolean {
  return exceptionLine.test(line.trim()) && !/^File "/.test(line.trim());
}

/** Exception-group tracebacks (Python 3.11+) draw `|` and `+-` borders; the text inside is a traceback. */
function unframe(line: string): string {
  if (/^\s*\+-[-+]*/.test(line) && !/Traceback/.test(line)) return '';
  return line.replace(/^\s*[|+] ?/, '');
}

/** The final exception of a traceback's text (several lines when the message itself has several). */
export function finalException(trace: string): string | undefined {
  const lines = trace.split('\n').map(unframe);
  let lastFrame = -1;
  lines.forEach((l, i) => {
    if (/^\s*File "/.test(l)) lastFrame = i;
  });
  for (let i = lastFrame + 1; i < lines.length; i++) {
    const line = lines[i]!;
    // Source lines and `^^^^` markers under a frame are indented; the exception starts at column 0.
    if (/^\s/.test(line) || line.trim() === '' || !isExceptionLine(line)) continue;
    const rest = lines.slice(i + 1).filter((l) => l.trim() !== '' && !/^\s*\+?-{3,}/.test(l));
    return [line, ...rest].join('\n').trim();
  }
  return undefined;
}
