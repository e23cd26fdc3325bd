/**
 * From containers to Traefik's dynamic HTTP configuration, step by step as pkg/provider/docker/config.go
 * (build) and pkg/provider/configuration.go (BuildRouterConfiguration) do it:
 * 1. keep a container only if enabled (`traefik.enable`, default `exposedByDefault`), running, and, when it
 *    has a healthcheck, `healthy` ("Filtering unhealthy or starting container");
 * 2. no service label → one service named after the container (its compose `service_project`, or its name,
 *    normalised: runs of non-alphanumerics become `-`); each service gets one server,
 *    http://<ip>:<port>, the port from `loadbalancer.server.port` else the lowest exposed port, the IP on
 *    `traefik.docker.network`, else the provider's network, else the container's first network;
 *    a missing port or IP is an error for the whole container;
 * 3. no router label → one router named like the service, rule Host(`<service name>`) (defaultRule); a
 *    router without a rule gets that rule; a router without a service takes the container's only
 *    service, or is dropped with an error when there are several;
 * 4. the containers' configurations are merged (provider/merge.go): a router defined the same way twice is
 *    kept once, differently → dropped with an error; services of one name pool their servers.
 */
import type { ContainerData } from './docker-provider.js';
import { decodeLabels, extractDockerLabels, LabelError, type HttpLabels, type ServiceLabels } from './labels.js';
import { log } from './log.js';
import type { DockerProviderConfig } from './static-config.js';

export interface Router {
  rule: string;
  entryPoints: string[];
  /** As labelled (maybe qualified, `noop@internal`); '' never survives step 3. */
  service: string;
  /** 0: the rule's length (router.ts). */
  priority: number;
  middlewares: string[];
  unsupported: string[];
}

export interface Service {
  /** Server URLs, in merge order, without duplicates. */
  servers: string[];
  unsupported: string[];
}

export interface DynamicConfig {
  routers: Map<string, Router>;
  services: Map<string, Service>;
}

/** pkg/provider/configuration.go, Normalize. */
export function normalize(name: string): string {
  return name.split(/[^\p{L}\p{N}]+/u).filter((s) => s !== '').join('-');
}

/** shared.go, getServiceName: `<service>_<project>` under compose, else the container name. */
export function serviceNameOf(c: ContainerData): string {
  const project = c.labels['com.docker.compose.project'];
  const service = c.labels['com.docker.compose.service'];
  return normalize(project && service ? `${service}_${project}` : c.name);
}

function ipOf(c: ContainerData, network: string, logFields: Record<string, unknown>): string {
  if (network) {
    const chosen = c.networks.find((n) => n.name === network);
    if (chosen) return chosen.ip;
    log('warn', `Could not find network named ${JSON.stringify(network)} for container ${JSON.stringify(c.name)}. Maybe you're missing the project's prefix in the label?`, logFields);
    const first = c.networks[0];
    if (first) log('warn', `Defaulting to first available network (${JSON.stringify(first.name)}) for container ${JSON.stringify(c.name)}.`, logFields);
  }
  return c.networks[0]?.ip ?? '';
}

/** shared.go, getPort: the label's port, else the lowest exposed one. */
function portOf(c: ContainerData, labelled: string | undefined): string {
  if (labelled) return labelled;
  const ports = c.ports.map((p) => Number(p.split('/')[0])).filter((n) => Number.isInteger(n)).sort((a, b) => a - b);
  return ports.length ? String(ports[0]) : '';
}

interface ContainerConfig {
  routers: Map<string, Router>;
  services: Map<string, Service>;
}

/** Steps 1–3 for one container; undefined when it is not routed (the reason is logged). */
function containerConfig(c: ContainerData, provider: DockerProviderConfig): ContainerConfig | undefined {
  const serviceName = serviceNameOf(c);
  const fields = { providerName: 'docker', container: `${serviceName}-${c.id}` };
  let extra;
  let labels: HttpLabels;
  try {
    extra = extractDockerLabels(c.labels, provider.exposedByDefault, provider.network);
  } catch (error) {
    log('error', `Skip container ${serviceName}`, { ...fields, error: String((error as Error).message) });
    return undefined;
  }
  if (!extra.enable) {
    log('debug', 'Filtering disabled container', fields);
    return undefined;
  }
  if (c.status !== '' && c.status !== 'running') {
    log('debug', 'Filtering non running container', fields);
    return undefined;
  }
  if (c.health !== '' && c.health !== 'healthy') {
    log('debug', 'Filtering unhealthy or starting container', { ...fields, health: c.health });
    return undefined;
  }
  try {
    labels = decodeLabels(c.labels);
  } catch (error) {
    if (!(error instanceof LabelError)) throw error;
    log('error', error.message, fields);
    return undefined;
  }
  for (const key of [...extra.ignored, ...labels.ignored]) log('warn', `label ${key} is not reproduced by the stand-in; ignored`, fields);
  if (labels.tcpOrUdp && labels.routers.size === 0 && labels.services.size === 0) return { routers: new Map(), services: new Map() };
  if (c.networkMode === 'host' || c.networkMode.startsWith('container:')) {
    log('error', `network mode ${c.networkMode} is not reproduced by the stand-in; container skipped`, fields);
    return undefined;
  }

  // Step 2: services and their one server each.
  const declared: Map<string, ServiceLabels> = labels.services.size ? labels.services : new Map([[serviceName, { unsupported: [] }]]);
  const services = new Map<string, Service>();
  const ip = ipOf(c, extra.network, fields);
  for (const [name, s] of declared) {
    const port = portOf(c, s.port);
    if (!ip) {
      log('error', `service ${JSON.stringify(name)} error: unable to find the IP address for the container ${JSON.stringify(c.name)}: the server is ignored`, fields);
      return undefined;
    }
    if (!port) {
      log('error', `service ${JSON.stringify(name)} error: port is missing`, fields);
      return undefined;
    }
    const host = ip.includes(':') ? `[${ip}]` : ip;
    services.set(name, { servers: [`http://${host}:${port}`], unsupported: s.unsupported });
  }

  // Step 3: routers.
  const routers = new Map<string, Router>();
  const declaredRouters = new Map(labels.routers);
  if (declaredRouters.size === 0) {
    if (services.size > 1) log('info', 'Could not create a router for the container: too many services', fields);
    else declaredRouters.set(serviceName, { unsupported: [] });
  }
  for (const [name, r] of declaredRouters) {
    let service = r.service ?? '';
    if (!service) {
      if (services.size > 1) {
        log('error', `Router ${name} cannot be linked automatically with multiple Services: ${JSON.stringify([...services.keys()])}`, { ...fields, routerName: name });
        continue;
      }
      service = [...services.keys()][0]!;
    }
    routers.set(name, {
      rule: r.rule || `Host(\`${normalize(serviceName)}\`)`,
      entryPoints: r.entryPoints ?? [],
      service,
      priority: r.priority ?? 0,
      middlewares: r.middlewares ?? [],
      unsupported: r.unsupported,
    });
  }
  return { routers, services };
}

const sameRouter = (a: Router, b: Router): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Steps 1–4 for all containers, merged in the order Traefik merges them (by `<service name>-<id>`). */
export function buildConfiguration(containers: readonly ContainerData[], provider: DockerProviderConfig): DynamicConfig {
  const ordered = [...containers].sort((a, b) => {
    const ka = `${serviceNameOf(a)}-${a.id}`;
    const kb = `${serviceNameOf(b)}-${b.id}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const merged: DynamicConfig = { routers: new Map(), services: new Map() };
  const conflicts = { routers: new Map<string, string[]>(), services: new Map<string, string[]>() };
  const origins = new Map<string, string[]>();
  for (const c of ordered) {
    const conf = containerConfig(c, provider);
    if (!conf) continue;
    const origin = `${serviceNameOf(c)}-${c.id}`;
    for (const [name, r] of conf.routers) {
      origins.set(`router/${name}`, [...(origins.get(`router/${name}`) ?? []), origin]);
      const seen = merged.routers.get(name);
      if (!seen) merged.routers.set(name, r);
      else if (!sameRouter(seen, r)) conflicts.routers.set(name, origins.get(`router/${name}`)!);
    }
    for (const [name, s] of conf.services) {
      origins.set(`service/${name}`, [...(origins.get(`service/${name}`) ?? []), origin]);
      const seen = merged.services.get(name);
      if (!seen) merged.services.set(name, { servers: [...s.servers], unsupported: s.unsupported });
      else if (JSON.stringify(seen.unsupported) !== JSON.stringify(s.unsupported)) conflicts.services.set(name, origins.get(`service/${name}`)!);
      else for (const url of s.servers) if (!seen.servers.includes(url)) seen.servers.push(url);
    }
  }
  for (const [name, from] of conflicts.routers) {
    merged.routers.delete(name);
    log('error', 'HTTP router defined multiple times with different configurations', { providerName: 'docker', routerName: name, configuration: from });
  }
  for (const [name, from] of conflicts.services) {
    merged.services.delete(name);
    log('error', 'HTTP service defined multiple times with different configurations', { providerName: 'docker', serviceName: name, configuration: from });
  }
  return merged;
}
