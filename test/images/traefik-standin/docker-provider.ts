/**
 * The Docker side of Traefik's docker provider (pkg/provider/docker/pdocker.go, shared.go): the Engine API
 * over the mounted socket (or tcp://), every container listed (`GET /containers/json?all=1`, as Traefik
 * lists with All) and inspected (`GET /containers/<id>/json`); which of them are routed is decided later
 * (dynamic-config.ts), as in Traefik.
 * Like Traefik with `watch` on (its default), it re-reads the containers when Docker reports a container
 * event `start`, `die` or `health_status*` (`GET /events`), not by polling. Traefik does not react to
 * `docker network connect` on a running container either (that is a network event). A broken event stream
 * or an unreachable Docker is logged and retried after a second (Traefik retries with a backoff).
 */
import { request } from 'node:http';
import { log } from './log.js';
import type { DockerProviderConfig } from './static-config.js';

export interface ContainerNetwork {
  name: string;
  /** IPv4 address, else the global IPv6 one, else '' (shared.go, parseContainer). */
  ip: string;
}

export interface ContainerData {
  id: string;
  /** As Docker names it, with its leading slash. */
  name: string;
  /** State.Status: running, exited, ... */
  status: string;
  /** State.Health.Status, '' without a healthcheck. */
  health: string;
  labels: Record<string, string>;
  /** HostConfig.NetworkMode: bridge, host, container:<id>, a network name. */
  networkMode: string;
  /** Keys of NetworkSettings.Ports ("80/tcp"): the exposed ports, published or not. */
  ports: string[];
  /** NetworkSettings.Networks, in the order Docker gives them. */
  networks: ContainerNetwork[];
}

interface Endpoint {
  socketPath?: string;
  host?: string;
  port?: number;
}

function endpointOf(raw: string): Endpoint {
  if (raw.startsWith('unix://')) return { socketPath: raw.slice('unix://'.length) };
  const tcp = /^(?:tcp|http):\/\/([^:/]+):(\d+)\/?$/.exec(raw);
  if (tcp) return { host: tcp[1]!, port: Number(tcp[2]) };
  throw new Error(`Docker endpoint ${raw} is not reproduced by the stand-in (unix:// or tcp:// only)`);
}

function getJson<T>(endpoint: Endpoint, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ ...endpoint, path, method: 'GET', headers: { host: 'docker', 'user-agent': 'Traefik stand-in' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`Docker answered ${res.statusCode} to GET ${path}: ${text.trim()}`));
        else {
          try {
            resolve(JSON.parse(text) as T);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface InspectResponse {
  Id: string;
  Name: string;
  State?: { Status?: string; Health?: { Status?: string } };
  Config?: { Labels?: Record<string, string> | null };
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: {
    Ports?: Record<string, unknown> | null;
    Networks?: Record<string, { IPAddress?: string; GlobalIPv6Address?: string }> | null;
  };
}

function parseContainer(c: InspectResponse): ContainerData {
  return {
    id: c.Id,
    name: c.Name,
    status: c.State?.Status ?? '',
    health: c.State?.Health?.Status ?? '',
    labels: c.Config?.Labels ?? {},
    networkMode: c.HostConfig?.NetworkMode ?? '',
    ports: Object.keys(c.NetworkSettings?.Ports ?? {}),
    networks: Object.entries(c.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({ name, ip: n.IPAddress || n.GlobalIPv6Address || '' })),
  };
}

async function listContainers(endpoint: Endpoint): Promise<ContainerData[]> {
  const list = await getJson<Array<{ Id: string }>>(endpoint, '/containers/json?all=1');
  const out: ContainerData[] = [];
  for (const { Id } of list) {
    // A container removed between the list and the inspect is skipped, as Traefik skips it.
    const inspected = await getJson<InspectResponse>(endpoint, `/containers/${Id}/json`).catch(() => undefined);
    if (inspected?.State) out.push(parseContainer(inspected));
  }
  return out;
}

/** Resolves when the event stream ends, rejects when it breaks; `onEvent` gets each relevant event. */
function watchEvents(endpoint: Endpoint, onOpen: () => void, onEvent: (action: string, id: string) => void): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'] }));
  return new Promise((resolve, reject) => {
    const req = request({ ...endpoint, path: `/events?filters=${filters}`, method: 'GET', headers: { host: 'docker' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`Docker answered ${res.statusCode} to GET /events`));
        res.resume();
        return;
      }
      onOpen();
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          let event: { Action?: string; status?: string; id?: string; Actor?: { ID?: string } };
          try {
            event = JSON.parse(line) as typeof event;
          } catch {
            continue;
          }
          const action = event.Action ?? event.status ?? '';
          // pdocker.go: only these actions make Traefik read the containers again.
          if (action === 'start' || action === 'die' || action.startsWith('health_status')) onEvent(action, event.Actor?.ID ?? event.id ?? '');
        }
      });
      res.on('end', () => resolve());
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Calls `onContainers` with the whole list at the start and after every relevant event. */
export async function runDockerProvider(config: DockerProviderConfig, onContainers: (containers: ContainerData[]) => void): Promise<never> {
  const endpoint = endpointOf(config.endpoint);
  // One refresh at a time; events arriving meanwhile ask for one more.
  let refreshing = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        onContainers(await listContainers(endpoint));
      } while (again);
    } catch (error) {
      log('error', 'Failed to list containers for docker', { providerName: 'docker', error: String(error) });
    } finally {
      refreshing = false;
    }
  };

  for (;;) {
    try {
      const version = await getJson<{ Version?: string; ApiVersion?: string }>(endpoint, '/version');
      log('debug', `Provider connection established with docker ${version.Version} (API ${version.ApiVersion})`, { providerName: 'docker' });
      if (!config.watch) {
        await refresh();
        return await new Promise<never>(() => {});
      }
      // Subscribed before the first list, so no container start falls between the two.
      await watchEvents(endpoint, () => void refresh(), (action, id) => {
        log('debug', `Provider event received ${action} ${id.slice(0, 12)}`, { providerName: 'docker' });
        void refresh();
      });
      log('error', 'Provider event stream closed, retrying in 1s', { providerName: 'docker' });
    } catch (error) {
      log('error', 'Provider error, retrying in 1s', { providerName: 'docker', error: String(error) });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
