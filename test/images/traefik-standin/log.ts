/**
 * One JSON object per line on stdout, so a test can read what the stand-in did with `docker logs`.
 * Traefik's own JSON logs (zerolog in v3) say "message"; this stand-in says "msg", the key its tests read
 * (and the one Traefik's JSON access log, written with logrus, uses). Field names otherwise follow Traefik's:
 * routerName, serviceName, entryPointName, container, error; the access line uses the access-log names
 * (RouterName, DownstreamStatus, RequestPath, ...).
 * Traefik logs only errors by default (`--log.level=ERROR`); the stand-in logs from info up unless
 * `--log.level` says otherwise, so its decisions show. Access lines are always written.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
let threshold: Level = 'info';

/** `--log.level` as Traefik spells it (TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC). */
export function setLogLevel(value: string): boolean {
  const v = value.toLowerCase();
  const level: Level | undefined = v === 'trace' || v === 'debug' ? 'debug' : v === 'info' ? 'info' : v === 'warn' ? 'warn' : ['error', 'fatal', 'panic'].includes(v) ? 'error' : undefined;
  if (level) threshold = level;
  return level !== undefined;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (rank[level] < rank[threshold]) return;
  process.stdout.write(`${JSON.stringify({ level, msg, ...fields, time: new Date().toISOString() })}\n`);
}

export function accessLog(fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'access', ...fields, time: new Date().toISOString() })}\n`);
}
