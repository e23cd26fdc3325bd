/**
 * The swarm renderer. A stack file is made from the compose document the same answers give (one model,
 * two renderers): everything compose does on one engine that a swarm does differently is translated here,
 * and only here, so the phases never hold a second copy of a service.
 */
import { yaml } from '../infra/yaml.js';

/** What a swarm needs that the compose document does not say. */
export interface StackInputs {
  /** Per service: the variable each of its env files held → the versioned Docker secret holding it. */
  secrets: Record<string, Record<string, string>>;
  /** Per service: its image's entrypoint, which the secrets wrapper runs once the variables are set. */
  entrypoints: Record<string, readonly string[]>;
  /** Per service with more than one task. */
  replicas?: Record<string, number>;
  /** A bind-mounted file (as the compose file names it) → the versioned Docker config that replaces it. */
  configs?: Record<string, string>;
  /** Per service: placement constraints (a database pinned to the node holding its volume). */
  placement?: Record<string, readonly string[]>;
}

type Service = Record<string, unknown>;
type Doc = Record<string, unknown>;

/** The CLI's stack schema (Docker 20.10 knows 3.9); `docker stack deploy` refuses a file without it. */
const stackVersion = '3.9';

/**
 * The secrets wrapper: each file in /run/secrets becomes the variable it is named after, then the image's
 * own entrypoint runs with the service's command. Values never pass through an argument or the stack
 * file. `$$` is the stack file's literal `$`, as in compose.
 */
export const secretsWrapper = 'for f in /run/secrets/*; do [ -f "$$f" ] && export "$${f##*/}=$$(cat "$$f")"; done; exec "$$0" "$$@"';

/**
 * A host port published on loopback is there for checks from this host. A swarm cannot bind one
 * address, so such a port is not published at all: the checks reach the task on its overlay network.
 */
function publishedPorts(ports: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const p of (ports as unknown[] | undefined) ?? []) {
    const m = /^(?:([\d.]+):)?(\d+):(\d+)$/.exec(String(p));
    if (!m) throw new Error(`stack: a port the swarm renderer cannot read: ${String(p)}`);
    if (m[1]?.startsWith('127.')) continue;
    out.push({ target: Number(m[3]), published: Number(m[2]), protocol: 'tcp', mode: 'ingress' });
  }
  return out;
}

/** Bind mounts of generated files become Docker configs (a swarm task may start on any node). */
function volumesAndConfigs(volumes: unknown, configs: Record<string, string>): { volumes: string[]; configs: Array<Record<string, string>> } {
  const kept: string[] = [];
  const used: Array<Record<string, string>> = [];
  for (const v of (volumes as unknown[] | undefined) ?? []) {
    const [source = '', target = ''] = String(v).split(':');
    const config = configs[source];
    if (config) used.push({ source: config, target });
    else if (source.startsWith('.') || source.startsWith('/')) throw new Error(`stack: a bind mount with no config to replace it: ${source}`);
    else kept.push(String(v));
  }
  return { volumes: kept, configs: used };
}

function splitLabels(labels: unknown): { container: Record<string, string>; service: Record<string, string> } {
  const container: Record<string, string> = {};
  const service: Record<string, string> = {};
  // Traefik's swarm provider reads the service's labels; log shippers read the containers'.
  for (const [k, v] of Object.entries((labels as Record<string, string> | undefined) ?? {})) (k.startsWith('traefik.') ? service : container)[k] = v;
  return { container, service };
}

function stackService(name: string, s: Service, inputs: StackInputs): Service {
  const { restart: _restart, depends_on: _dependsOn, container_name: _name, env_file: envFile, security_opt: _securityOpt, mem_limit: memory, pids_limit: pids, ports, volumes, labels, ...rest } = s;
  const secrets = inputs.secrets[name] ?? {};
  if (envFile !== undefined && Object.keys(secrets).length === 0) throw new Error(`stack: ${name} reads env files, and no secrets were given for them`);
  const published = publishedPorts(ports);
  const mounts = volumesAndConfigs(volumes, inputs.configs ?? {});
  const { container, service } = splitLabels(labels);
  const out: Service = { ...rest };
  if (Object.keys(secrets).length) {
    // The service's own entrypoint when it names one (Redis's), else its image's.
    const entrypoint = (rest.entrypoint as readonly string[] | undefined) ?? inputs.entrypoints[name];
    if (!entrypoint) throw new Error(`stack: no entrypoint known for ${name}'s image`);
    out.entrypoint = ['/bin/sh', '-c', secretsWrapper, ...entrypoint];
    out.secrets = Object.entries(secrets).map(([variable, secret]) => ({ source: secret, target: variable }));
  }
  if (published.length) out.ports = published;
  if (mounts.volumes.length) out.volumes = mounts.volumes;
  if (mounts.configs.length) out.configs = mounts.configs;
  if (Object.keys(container).length) out.labels = container;
  const limits: Record<string, unknown> = {};
  if (memory !== undefined) limits.memory = memory;
  if (pids !== undefined) limits.pids = pids;
  const replicas = inputs.replicas?.[name] ?? 1;
  out.deploy = {
    replicas,
    // Without a published port, DNS names the tasks themselves: no virtual IP, so no IPVS in the path.
    ...(published.length ? {} : { endpoint_mode: 'dnsrr' }),
    ...(Object.keys(service).length ? { labels: service } : {}),
    // A new task must pass its healthcheck before an old one stops; a failed update goes back by itself.
    update_config: { parallelism: 1, order: published.length ? 'start-first' : 'stop-first', failure_action: 'rollback', monitor: '10s', delay: '2s' },
    rollback_config: { parallelism: 1, order: published.length ? 'start-first' : 'stop-first' },
    restart_policy: { condition: 'any', delay: '5s' },
    ...(Object.keys(limits).length ? { resources: { limits } } : {}),
    ...(inputs.placement?.[name]?.length ? { placement: { constraints: [...inputs.placement[name]] } } : {}),
  };
  return out;
}

/** The stack document for a compose document (as parsed), with the swarm's own resources declared. */
export function composeToStack(compose: Doc, inputs: StackInputs): Doc {
  const { name: _project, services, networks, volumes, ...rest } = compose;
  if (Object.keys(rest).length) throw new Error(`stack: top-level keys the swarm renderer does not know: ${Object.keys(rest).join(', ')}`);
  const out: Doc = { version: stackVersion, services: {} };
  for (const [name, s] of Object.entries(services as Record<string, Service>)) (out.services as Doc)[name] = stackService(name, s, inputs);
  if (networks) out.networks = networks;
  if (volumes) out.volumes = volumes;
  const secretNames = [...new Set(Object.values(inputs.secrets).flatMap((s) => Object.values(s)))].sort();
  // Created by phase E with `docker secret create` (the value on stdin); a stack file never holds one.
  if (secretNames.length) out.secrets = Object.fromEntries(secretNames.map((s) => [s, { external: true }]));
  const configs = Object.entries(inputs.configs ?? {});
  if (configs.length) out.configs = Object.fromEntries(configs.map(([file, config]) => [config, { name: config, file }]));
  return out;
}

/** The stack file's text for a compose file's text. */
export function renderStack(composeText: string, inputs: StackInputs, header: string): string {
  const { parse, stringify } = yaml();
  return header + stringify(composeToStack(parse(composeText) as Doc, inputs), { lineWidth: 0 });
}
