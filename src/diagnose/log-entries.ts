/**
 * Container log lines (as `lastLogLines` returns them: stdout and stderr interleaved, blank lines dropped,
 * redacted) read back into the records the programs wrote. FACTS.md: LiteLLM with `json_logs` writes one
 * JSON object per line, `{"message", "level", "timestamp"}` with a multi-line `stacktrace` for errors, and
 * a traceback inside `message` with `\n`, mixed with about 17 plain-text start-up lines (banner, model
 * names); Prisma's CLI writes plain `Error: P1001: ...` lines; uvicorn writes `ERROR:    ...`; postgres-mcp
 * logs through rich, which wraps a record over several 80-column lines, and its bash entrypoint adds lines
 * of its own. A plain-text Python traceback spans many lines and is read as one record.
 */
import { chainLine, finalException, isExceptionLine, tracebackStart } from './python-traceback.js';

export interface LogEntry {
  /** Position among the entries, oldest first. */
  index: number;
  /** Upper-case level when the line states one: ERROR, WARNING, INFO, FATAL, ... */
  level?: string;
  /** What the line says, without a traceback: a JSON line's message, a plain line, a rich record joined. */
  message: string;
  /** The traceback's final exception line(s), when the record holds a traceback. */
  exception?: string;
  /** The whole traceback, frames included: context only, never judged for a cause. */
  trace?: string;
}

interface JsonLine {
  message?: unknown;
  level?: unknown;
  stacktrace?: unknown;
  /** Prisma's engines write `{"is_panic", "message", "error_code"}`: the code belongs to the message. */
  error_code?: unknown;
}

function parseJson(line: string): JsonLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === 'object' && 'message' in value ? (value as JsonLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a message that embeds a traceback (uvicorn logs `traceback.format_exc()` as the message). */
function withTrace(message: string, stacktrace?: string): Pick<LogEntry, 'message' | 'exception' | 'trace'> {
  const at = message.search(tracebackStart);
  const head = at >= 0 ? message.slice(0, at).trim() : message.trim();
  const trace = stacktrace ?? (at >= 0 ? message.slice(at) : undefined);
  if (!trace) return { message: head };
  const exception = finalException(trace);
  return { message: head, trace, ...(exception ? { exception } : {}) };
}

// `[05/20/25 14:03:11] WARNING  message   server.py:570`: the time is blanked when it repeats, the
// file:line column (one space away when the message fills its column) is on the first line only.
const richRecord = /^(?:\[[\d/]+ [\d:]+\] | {20})(DEBUG|INFO|WARNING|ERROR|CRITICAL) +(.*?)(?:\s+[\w.-]+\.py:\d+)?\s*$/;
const richContinuation = /^ {29,}(\S.*?)\s*$/;
// uvicorn `ERROR:    ...`, LiteLLM's plain `10:00:00 - LiteLLM Proxy:ERROR: file.py:12 - ...`, PostgreSQL's
// `2025-09-22 10:00:00.000 UTC [1] FATAL:  ...`.
const levelled = [
  /^(DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL):\s+(.*)$/,
  /^\d\d:\d\d:\d\d - [\w ]+:(DEBUG|INFO|WARNING|ERROR|CRITICAL): (?:\S+\.py:\d+ - )?(.*)$/,
  /^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] (LOG|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|STATEMENT):\s+(.*)$/,
];
// Prisma's CLI `Error: P1001: ...`, an entrypoint's `Error: ...`, argparse's `postgres-mcp: error: ...`.
const errorWithoutLevel = /^(?:Error: |[\w.-]+: error: )/;

function plainLevel(line: string): { level?: string; text: string } {
  for (const pattern of levelled) {
    const m = pattern.exec(line);
    if (m) return { level: m[1]!, text: m[2]! };
  }
  return errorWithoutLevel.test(line) || isExceptionLine(line) ? { level: 'ERROR', text: line } : { text: line };
}

export function parseLog(lines: readonly string[]): LogEntry[] {
  const entries: LogEntry[] = [];
  const push = (e: Omit<LogEntry, 'index'>) => entries.push({ index: entries.length, ...e });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\s+$/, '');
    const json = parseJson(line);
    if (json) {
      const level = typeof json.level === 'string' ? json.level.toUpperCase() : undefined;
      const message = typeof json.error_code === 'string' ? `${json.error_code}: ${String(json.message)}` : String(json.message);
      push({ ...(level ? { level } : {}), ...withTrace(message, typeof json.stacktrace === 'string' ? json.stacktrace : undefined) });
      continue;
    }
    const rich = richRecord.exec(line);
    if (rich) {
      const parts = [rich[2]!];
      while (i + 1 < lines.length && !richRecord.test(lines[i + 1]!) && richContinuation.test(lines[i + 1]!)) parts.push(richContinuation.exec(lines[++i]!)![1]!);
      push({ level: rich[1]!, message: parts.join(' ') });
      continue;
    }
    const { level, text } = plainLevel(line);
    if (tracebackStart.test(text)) {
      // A plain traceback: its frames, chained tracebacks, and the exception line that ends it.
      const at = text.search(tracebackStart);
      const trace = [text.slice(at)];
      while (i + 1 < lines.length) {
        const next = lines[i + 1]!;
        const last = trace.at(-1)!;
        const ended = isExceptionLine(last) && !/^\s/.test(last);
        if (ended && !chainLine.test(next.trim()) && !tracebackStart.test(next)) break;
        trace.push(next);
        i++;
      }
      push({ level: level ?? 'ERROR', ...withTrace(text.slice(0, at) + trace.join('\n')) });
      continue;
    }
    push({ ...(level ? { level } : {}), message: text, ...(isExceptionLine(text) ? { exception: text.trim() } : {}) });
  }
  return entries;
}

/** What a rule may judge: the message and the final exception, never the frames. */
export function evidenceOf(e: LogEntry): string {
  return e.exception && e.exception !== e.message ? `${e.message}\n${e.exception}` : e.message;
}

/** One line for a report: level, message's first line, and the exception a traceback ended with. */
export function summarise(e: LogEntry, max = 240): string {
  const head = e.message.split('\n')[0] ?? '';
  const parts = [e.level && !head.toUpperCase().startsWith(e.level) ? `${e.level} ` : '', head, e.exception && e.exception !== head ? `${head ? ' → ' : ''}${e.exception.split('\n')[0]}` : ''];
  const text = parts.join('').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
