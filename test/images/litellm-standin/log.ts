/**
 * The proxy's log output, in the two shapes LiteLLM 1.77.3 writes it (FACTS.md, "Seen on the real LiteLLM
 * 1.77.3 proxy"):
 * - json_logs on (config `litellm_settings.json_logs: true`, or any non-empty env JSON_LOGS): every record
 *   is one line `{"message": ..., "level": ..., "timestamp": ...}` on stderr, written as Python's
 *   `json.dumps` writes it (", " and ": " separators, non-ASCII as \uXXXX); a record logged with
 *   `.exception()` carries the traceback in a multi-line `stacktrace` field. The root logger stays at
 *   WARNING, so INFO records (uvicorn's "Uvicorn running on ..." among them) never appear.
 * - json_logs off: LiteLLM's own loggers write `HH:MM:SS - LiteLLM Proxy:LEVEL: file.py:N - message` (with
 *   the ANSI colour codes of its formatter) and uvicorn writes `INFO:     ...` lines, its INFO included.
 * `print()` lines (banner, model list) always go to stdout as plain text.
 */

export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

const rank: Record<Level, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

interface LogState {
  json: boolean;
  /** LiteLLM's loggers inherit the root logger's WARNING unless --detailed_debug turns DEBUG on. */
  threshold: Level;
}

const state: LogState = { json: envJsonLogs(), threshold: 'WARNING' };

/** FACTS.md: "Env JSON_LOGS enables JSON for any non-empty value, even 'false'". */
function envJsonLogs(): boolean {
  return (process.env.JSON_LOGS ?? '') !== '';
}

export function enableJsonLogs(): void {
  state.json = true;
}

export function jsonLogsOn(): boolean {
  return state.json;
}

export function enableDebug(): void {
  state.threshold = 'DEBUG';
}

/** A Python str as `json.dumps(..., ensure_ascii=True)` writes it. */
function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `datetime.fromtimestamp(record.created).isoformat()`: local time (UTC in the container), microseconds. */
function pyIsoTimestamp(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000`;
}

function jsonLine(level: Level, message: string, stacktrace?: string): string {
  const fields: Array<[string, string]> = [
    ['message', message],
    ['level', level],
    ['timestamp', pyIsoTimestamp(new Date())],
  ];
  if (stacktrace !== undefined) fields.push(['stacktrace', stacktrace]);
  return `{${fields.map(([k, v]) => `${pyString(k)}: ${pyString(v)}`).join(', ')}}`;
}

function clock(d: Date): string {
  return d.toISOString().slice(11, 19);
}

export interface LogRecord {
  /** `file.py:line` as LiteLLM's plain formatter prints it (the stand-in's numbers are not LiteLLM's). */
  where?: string;
  /** Set for `.exception()` records: the traceback text. */
  stacktrace?: string;
  /** The logger: LiteLLM's own ("LiteLLM Proxy", "LiteLLM") or a library's, which has its own level. */
  logger?: string;
  /** A library logger that sets its own level (litellm_proxy_extras logs INFO). */
  ownThreshold?: Level;
}

/** A record from one of LiteLLM's Python loggers. */
export function log(level: Level, message: string, record: LogRecord = {}): void {
  const threshold = record.ownThreshold ?? state.threshold;
  if (rank[level] < rank[threshold]) return;
  if (state.json) {
    process.stderr.write(`${jsonLine(level, message, record.stacktrace)}\n`);
    return;
  }
  const trace = record.stacktrace ? `\n${record.stacktrace}` : '';
  const name = record.logger ?? 'LiteLLM Proxy';
  process.stderr.write(`\u001b[92m${clock(new Date())} - ${name}:${level}\u001b[0m: ${record.where ?? 'proxy_server.py:1'} - ${message}${trace}\n`);
}

/**
 * A record from uvicorn's logger. With json_logs LiteLLM passes `log_config=None`, so uvicorn's records
 * reach the root logger's JSON handler and its WARNING level (no INFO lines); otherwise uvicorn's own
 * formatter prints them, INFO included.
 */
export function uvicornLog(level: Level, message: string): void {
  if (state.json) {
    if (rank[level] >= rank.WARNING) process.stderr.write(`${jsonLine(level, message)}\n`);
    return;
  }
  process.stderr.write(`${`${level}:`.padEnd(9)} ${message}\n`);
}

/** uvicorn's access line: on stdout, and only without json_logs (INFO never passes the root logger). */
export function accessLog(client: string, method: string, path: string, status: number, reason: string): void {
  if (state.json) return;
  process.stdout.write(`INFO:     ${client} - "${method} ${path} HTTP/1.1" ${status} ${reason}\n`);
}

/** Python `print()`: stdout, whatever the log format. */
export function print(...lines: string[]): void {
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
}
