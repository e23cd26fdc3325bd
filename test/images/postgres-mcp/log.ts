/**
 * The two log formats of postgres-mcp v0.3.0 (FACTS.md: "Its logs are uvicorn/rich lines with one access
 * line per request"):
 * - the application's loggers go through FastMCP's rich.logging.RichHandler on stderr: `[05/28/25
 *   10:00:00] INFO     message ...   server.py:531`, 80 columns when not on a terminal, the message
 *   word-wrapped in its column, a repeated time left blank;
 * - uvicorn's own lines (`INFO:     Uvicorn running on ...`) on stderr and its access lines
 *   (`INFO:     172.17.0.1:41234 - "GET /sse HTTP/1.1" 200 OK`) on stdout.
 */

export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

const levels: Record<Level, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };
// FastMCP's default log level: INFO (its Settings.log_level; FASTMCP_LOG_LEVEL changes it).
const threshold = levels[(process.env.FASTMCP_LOG_LEVEL?.toUpperCase() as Level | undefined) ?? 'INFO'] ?? 20;

function consoleWidth(): number {
  const columns = Number(process.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return process.stderr.isTTY ? process.stderr.columns : 80;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `[%x %X]` in the C locale, in the container's time zone (UTC unless TZ says otherwise). */
function logTime(d: Date): string {
  return `[${pad2(d.getMonth() + 1)}/${pad2(d.getDate())}/${pad2(d.getFullYear() % 100)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}]`;
}

/** Rich's word wrap with overflow "fold": words never split unless longer than the whole column. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  // Rich expands tabs to the next multiple of 8 columns before wrapping.
  const expand = (line: string) => line.replace(/[^\t]*\t/g, (run) => run.slice(0, -1).padEnd((Math.floor((run.length - 1) / 8) + 1) * 8));
  for (const paragraph of text.split('\n').map(expand)) {
    const breaks: number[] = [];
    let position = 0;
    for (const match of paragraph.matchAll(/\s*\S+\s*/g)) {
      let start = match.index;
      const word = match[0];
      const wordLength = word.trimEnd().length;
      if (width - position >= wordLength) {
        position += word.length;
      } else if (wordLength > width) {
        const chunks = word.match(new RegExp(`[^]{1,${width}}`, 'g')) ?? [word];
        chunks.forEach((chunk, k) => {
          if (start) breaks.push(start);
          if (k === chunks.length - 1) position = chunk.length;
          else start += chunk.length;
        });
      } else if (position && start) {
        breaks.push(start);
        position = word.length;
      }
    }
    let from = 0;
    for (const at of [...breaks, paragraph.length]) {
      let line = paragraph.slice(from, at);
      if (line.length > width) line = line.slice(0, width).concat(line.slice(width).trimEnd());
      out.push(line);
      from = at;
    }
  }
  return out;
}

let lastTime = '';

/** One record through the RichHandler: `where` is the logging call site, e.g. "server.py:531". */
export function log(level: Level, message: string, where: string): void {
  if (levels[level] < threshold) return;
  const width = consoleWidth();
  const time = logTime(new Date());
  const timeColumn = time === lastTime ? ' '.repeat(time.length) : time;
  lastTime = time;
  const messageWidth = Math.max(width - time.length - 8 - where.length - 3, 10);
  const lines = wrap(message, messageWidth).map((line, k) => {
    const left = k === 0 ? `${timeColumn} ${level.padEnd(8)}` : ' '.repeat(time.length + 9);
    return `${left} ${line.padEnd(messageWidth)} ${k === 0 ? where : ' '.repeat(where.length)}`;
  });
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** uvicorn's DefaultFormatter: "LEVEL:" padded so that the messages line up. */
const uvicornPrefix = (level: Level) => `${level}:${' '.repeat(Math.max(8 - level.length, 0))}`;

export function uvicornLog(level: Level, message: string): void {
  process.stderr.write(`${uvicornPrefix(level)} ${message}\n`);
}

export function accessLog(client: string, requestLine: string, status: number, phrase: string): void {
  process.stdout.write(`${uvicornPrefix('INFO')} ${client} - "${requestLine}" ${status} ${phrase}\n`);
}
