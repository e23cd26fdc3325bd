/**
 * A container's `traefik.*` labels, read the way Traefik reads them (pkg/config/label with traefik/paerser):
 * - keys are case-insensitive, names inside them too (`routers.Foo` and `routers.foo` are one router,
 *   named as first seen in sorted key order); the root must be written `traefik`;
 * - a label Traefik does not know, or a value it cannot convert (a priority that is not an integer), is an
 *   error for the whole container: it is skipped and the error logged (pdocker.go, build);
 * - `traefik.enable` and `traefik.docker.*` are read apart (shared_labels.go, extractDockerLabels).
 * What Traefik knows but the stand-in does not reproduce is kept as `unsupported`, so the router or
 * service using it is disabled with a logged error rather than served differently (router.ts).
 */
import { parseGoBool } from './static-config.js';

export class LabelError extends Error {}

export interface RouterLabels {
  rule?: string;
  entryPoints?: string[];
  service?: string;
  priority?: number;
  middlewares?: string[];
  /** Router options Traefik has (tls, ruleSyntax, observability) that the stand-in does not reproduce. */
  unsupported: string[];
}

export interface ServiceLabels {
  /** loadbalancer.server.port */
  port?: string;
  unsupported: string[];
}

export interface HttpLabels {
  routers: Map<string, RouterLabels>;
  services: Map<string, ServiceLabels>;
  /** TCP or UDP routers or services are declared: Traefik then makes no default HTTP router or service. */
  tcpOrUdp: boolean;
  /** Labels read but not reproduced (middleware definitions, TCP/UDP, TLS stores), for the log. */
  ignored: string[];
}

/** Traefik's max user priority on 64-bit platforms (router.go, maxUserPriority = MaxInt64 - 1000). */
export const maxUserPriority = 9223372036854774807n;

function parseInt64(key: string, value: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw new LabelError(`${key}: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  const big = BigInt(value);
  if (big > 9223372036854775807n || big < -9223372036854775808n) throw new LabelError(`${key}: strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`);
  return big > maxUserPriority ? Number.POSITIVE_INFINITY : Number(big);
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Labels whose key starts with one of the prefixes (case-insensitively), split into checked parts, in sorted key order. */
function selected(labels: Record<string, string>, prefixes: string[]): Array<{ key: string; parts: string[]; value: string }> {
  const keys = Object.keys(labels).filter((k) => prefixes.some((p) => k.toLowerCase().startsWith(p))).sort();
  return keys.map((key) => {
    const parts = key.split('.');
    if (parts[0] !== 'traefik') throw new LabelError(`invalid label root ${parts[0]}`);
    if (parts.some((p) => p === '')) throw new LabelError(`invalid element: ${key}`);
    return { key, parts, value: labels[key]! };
  });
}

/** The map entry for `name`, matched case-insensitively, created on first sight. */
function entry<T>(map: Map<string, T>, name: string, make: () => T): T {
  for (const [k, v] of map) if (k.toLowerCase() === name.toLowerCase()) return v;
  const v = make();
  map.set(name, v);
  return v;
}

function routerField(r: RouterLabels, key: string, field: string[], value: string): void {
  const f = field.join('.').toLowerCase();
  if (f === 'rule') r.rule = value;
  else if (f === 'entrypoints') r.entryPoints = list(value);
  else if (f === 'service') r.service = value;
  else if (f === 'priority') r.priority = parseInt64(key, value);
  else if (f === 'middlewares') r.middlewares = list(value);
  else if (f === 'rulesyntax' || f === 'tls' || f.startsWith('tls.') || f.startsWith('observability.')) r.unsupported.push(key);
  else throw new LabelError(`field not found, node: ${field[0] ?? key}`);
}

function serviceField(s: ServiceLabels, key: string, field: string[]): void {
  const f = field.join('.').toLowerCase();
  if (f === 'loadbalancer.server.port') return; // set by the caller, which has the value
  if (f.startsWith('loadbalancer.')) s.unsupported.push(key);
  else throw new LabelError(`field not found, node: ${field[0] ?? key}`);
}

/** `traefik.http.*`, `traefik.tcp.*`, `traefik.udp.*`, `traefik.tls.stores.default.*` (label.DecodeConfiguration). */
export function decodeLabels(labels: Record<string, string>): HttpLabels {
  const out: HttpLabels = { routers: new Map(), services: new Map(), tcpOrUdp: false, ignored: [] };
  for (const { key, parts, value } of selected(labels, ['traefik.http', 'traefik.tcp', 'traefik.udp', 'traefik.tls.stores.default'])) {
    const [, protocol, section, name, ...field] = parts.map((p, i) => (i < 3 ? p.toLowerCase() : p));
    if (protocol === 'tcp' || protocol === 'udp') {
      if (section === 'routers' || section === 'services') out.tcpOrUdp = true;
      out.ignored.push(key);
      continue;
    }
    if (protocol === 'tls') {
      out.ignored.push(key);
      continue;
    }
    if (protocol !== 'http') throw new LabelError(`field not found, node: ${parts[1]}`);
    if (section === 'middlewares' || section === 'serverstransports') {
      out.ignored.push(key);
      continue;
    }
    if (!name || field.length === 0) throw new LabelError(`invalid label ${key}`);
    if (section === 'routers') {
      routerField(entry(out.routers, name, () => ({ unsupported: [] })), key, field, value);
    } else if (section === 'services') {
      const s = entry(out.services, name, () => ({ unsupported: [] }) as ServiceLabels);
      serviceField(s, key, field);
      if (field.join('.').toLowerCase() === 'loadbalancer.server.port') s.port = value;
    } else {
      throw new LabelError(`field not found, node: ${parts[2]}`);
    }
  }
  return out;
}

export interface ExtraConf {
  enable: boolean;
  /** `traefik.docker.network`, else the provider's network, else ''. */
  network: string;
  /** traefik.docker.* labels Traefik knows but the stand-in does not reproduce (allowNonRunning, lbSwarm). */
  ignored: string[];
}

/** shared_labels.go, extractDockerLabels: `traefik.enable` (default: exposedByDefault) and `traefik.docker.*`. */
export function extractDockerLabels(labels: Record<string, string>, exposedByDefault: boolean, providerNetwork: string): ExtraConf {
  const conf: ExtraConf = { enable: exposedByDefault, network: providerNetwork, ignored: [] };
  for (const { key, parts, value } of selected(labels, ['traefik.docker.', 'traefik.enable'])) {
    const field = parts.slice(1).join('.').toLowerCase();
    if (field === 'enable') {
      const b = parseGoBool(value);
      if (b === undefined) throw new LabelError(`decoding Docker labels: ${key}: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
      conf.enable = b;
    } else if (field === 'docker.network') {
      conf.network = value;
    } else if (field === 'docker.allownonrunning' || field === 'docker.lbswarm') {
      conf.ignored.push(key);
    } else {
      throw new LabelError(`decoding Docker labels: field not found, node: ${parts[parts.length - 1]}`);
    }
  }
  return conf;
}
