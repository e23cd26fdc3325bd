/**
 * Traefik's static configuration, from the command line only (its image takes it as the container's
 * command). Keys are matched case-insensitively, as Traefik's flag parser (traefik/paerser flag/flagparser.go)
 * does, and names inside keys (the `web` of `--entrypoints.web.address`) keep the case they were written in.
 * `--key=value` and `--key value` both work; a boolean key alone means true.
 * Traefik refuses a flag it does not know; the stand-in logs it and goes on, so an option it does not
 * reproduce is visible in its log instead of stopping it (README.md says so).
 */
import { log, setLogLevel } from './log.js';

export interface StaticConfig {
  /** Entrypoint name → TCP port. */
  entryPoints: Map<string, number>;
  /** Present when `--providers.docker` is on. */
  docker?: DockerProviderConfig;
  /** `--providers.providersThrottleDuration` (default 2s): the least time between two configuration reloads. */
  throttleMs: number;
}

export interface DockerProviderConfig {
  endpoint: string;
  /** Default true: a container is routed unless `traefik.enable=false`. */
  exposedByDefault: boolean;
  /** The default network to reach containers on (`traefik.docker.network` overrides it per container). */
  network: string;
  watch: boolean;
}

/** Go's strconv.ParseBool, which Traefik's parser uses for boolean values. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** Go's time.ParseDuration for the forms people write ("2s", "500ms", "1m30s", "0"); undefined if not one. */
export function parseGoDuration(value: string): number | undefined {
  if (value === '0') return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) return undefined;
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]!]!, 0);
}

const booleanKeys = new Set(['providers.docker', 'providers.docker.exposedbydefault', 'providers.docker.watch']);

/** Splits argv into key → value, the way paerser does (see the header). */
function flags(argv: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '--') continue;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq > 0) {
      out.push([body.slice(0, eq), body.slice(eq + 1)]);
    } else if (booleanKeys.has(body.toLowerCase()) || i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) {
      // paerser knows each flag's type; the stand-in does not know the flags it ignores, so a flag followed
      // by another flag (`--accesslog --api`) is read as a boolean too.
      out.push([body, 'true']);
    } else {
      out.push([body, argv[++i]!]);
    }
  }
  return out;
}

export function parseStaticConfig(argv: readonly string[]): StaticConfig {
  const entryPoints = new Map<string, number>();
  let docker: DockerProviderConfig | undefined;
  const dockerDefaults = (): DockerProviderConfig => ({ endpoint: 'unix:///var/run/docker.sock', exposedByDefault: true, network: '', watch: true });
  let throttleMs = 2000;
  const bool = (key: string, value: string): boolean => {
    const b = parseGoBool(value);
    if (b === undefined) log('error', `invalid boolean value ${JSON.stringify(value)} for --${key}; the stand-in reads it as true`);
    return b ?? true;
  };

  const all = flags(argv);
  // The log level first, so it governs what parsing the rest logs.
  for (const [key, value] of all) if (key.toLowerCase() === 'log.level' && !setLogLevel(value)) log('error', `invalid log level ${JSON.stringify(value)}`);

  for (const [key, value] of all) {
    const lower = key.toLowerCase();
    const ep = /^entrypoints\.([^.]+)\.address$/i.exec(key);
    if (ep) {
      // ":80", "0.0.0.0:80", ":80/tcp": the stand-in listens on all addresses, on that port.
      const port = /:(\d+)(?:\/tcp)?$/i.exec(value)?.[1];
      if (port) entryPoints.set(ep[1]!, Number(port));
      else log('error', `entrypoint address ${JSON.stringify(value)} is not reproduced by the stand-in (only [host]:port[/tcp])`, { entryPointName: ep[1] });
      continue;
    }
    if (lower === 'providers.docker') {
      docker = bool(key, value) ? (docker ?? dockerDefaults()) : undefined;
      continue;
    }
    if (lower.startsWith('providers.docker.')) {
      docker ??= dockerDefaults(); // setting any option of a provider turns it on, as in Traefik
      const option = lower.slice('providers.docker.'.length);
      if (option === 'endpoint') docker.endpoint = value;
      else if (option === 'exposedbydefault') docker.exposedByDefault = bool(key, value);
      else if (option === 'network') docker.network = value;
      else if (option === 'watch') docker.watch = bool(key, value);
      else log('warn', `--${key} is not reproduced by the stand-in; ignored`);
      continue;
    }
    if (lower === 'providers.providersthrottleduration') {
      const ms = parseGoDuration(value);
      if (ms === undefined) log('error', `invalid duration ${JSON.stringify(value)} for --${key}; keeping 2s`);
      else throttleMs = ms;
      continue;
    }
    if (lower === 'log.level') continue;
    log('warn', `--${key} is not reproduced by the stand-in; ignored (Traefik itself would refuse an unknown flag)`);
  }
  // Traefik creates the entrypoint "http" on :80 when none is configured (static_config.go, SetEffectiveConfiguration).
  if (entryPoints.size === 0) entryPoints.set('http', 80);
  return { entryPoints, ...(docker ? { docker } : {}), throttleMs };
}
