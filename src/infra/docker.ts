/** The Docker engine through dockerode: networks, containers, health. Thin on purpose. */
import Docker from 'dockerode';
import { userInfo } from 'node:os';
import { TaskFailure, errorMessage } from '../core/errors.js';
import { engineUnreachable } from './engine-lost.js';
import { createdByLabel } from './labels.js';

export interface NetworkInfo {
  name: string;
  driver: string;
  labels: Record<string, string>;
  /** Overlay networks only: plain containers may join it too. */
  attachable: boolean;
}

export interface ContainerOnNetwork {
  name: string;
  ip: string;
  state: string;
}

export interface PublishedPort {
  container: string;
  project?: string;
  hostIp: string;
  hostPort: number;
}

export interface DockerApi {
  raw: Docker;
  network(name: string): Promise<NetworkInfo | undefined>;
  createNetwork(name: string, driver?: 'bridge' | 'overlay'): Promise<void>;
  findOnNetwork(network: string, host: string): Promise<ContainerOnNetwork | undefined>;
  publishedPorts(): Promise<PublishedPort[]>;
  /** The local image's id (sha256:...), or undefined when it is not pulled. */
  imageId(ref: string): Promise<string | undefined>;
  /** The container of a compose service, with its address on one network. */
  findService(project: string, service: string, network: string): Promise<ServiceContainer | undefined>;
}

export interface ServiceContainer extends ContainerOnNetwork {
  id: string;
  image: string;
  health?: string;
  /** Set once it has stopped. */
  exitCode?: number;
}

export async function connectDocker(): Promise<DockerApi> {
  const docker = new Docker();
  let timer: NodeJS.Timeout | undefined;
  try {
    // A DOCKER_HOST on the network that drops packets would hang: ten seconds of silence is an answer too.
    const silent = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000)));
    await Promise.race([docker.ping(), silent]);
  } catch (error) {
    const { problem, fix } = engineUnreachable(error, userInfo().username);
    throw new TaskFailure(problem, fix);
  } finally {
    clearTimeout(timer);
  }
  return {
    raw: docker,
    async network(name) {
      try {
        const info = (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
        // Inspect also matches by id prefix; only an exact name counts.
        if (info.Name !== name) return undefined;
        return { name: info.Name, driver: info.Driver, labels: info.Labels ?? {}, attachable: (info as { Attachable?: boolean }).Attachable === true };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },
    async createNetwork(name, driver = 'bridge') {
      await docker.createNetwork({ Name: name, Driver: driver, CheckDuplicate: true, Labels: { [createdByLabel]: 'litellm-mcp' }, ...(driver === 'overlay' ? { Attachable: true } : {}) });
    },
    async findOnNetwork(network, host) {
      const containers = await docker.listContainers({ all: true, filters: { network: [network] } });
      for (const c of containers) {
        const details = await docker.getContainer(c.Id).inspect();
        const name = details.Name.replace(/^\//, '');
        const endpoint = details.NetworkSettings.Networks[network];
        const aliases = endpoint?.Aliases ?? [];
        const service = details.Config.Labels?.['com.docker.compose.service'];
        if (name === host || aliases.includes(host) || service === host || details.Config.Hostname === host) {
          return { name, ip: endpoint?.IPAddress ?? '', state: details.State.Status };
        }
      }
      return undefined;
    },
    async publishedPorts() {
      const containers = await docker.listContainers();
      return containers.flatMap((c) =>
        c.Ports.filter((p) => p.PublicPort).map((p) => {
          const port: PublishedPort = { container: (c.Names[0] ?? c.Id).replace(/^\//, ''), hostIp: p.IP ?? '0.0.0.0', hostPort: p.PublicPort };
          const project = c.Labels['com.docker.compose.project'];
          if (project) port.project = project;
          return port;
        }),
      );
    },
    async findService(project, service, network) {
      const [found] = await docker.listContainers({
        all: true,
        filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] },
      });
      if (!found) return undefined;
      const details = await docker.getContainer(found.Id).inspect();
      const result: ServiceContainer = {
        id: found.Id,
        name: details.Name.replace(/^\//, ''),
        image: details.Config.Image,
        ip: details.NetworkSettings.Networks[network]?.IPAddress ?? '',
        state: details.State.Status,
      };
      if (details.State.Health) result.health = details.State.Health.Status;
      if (details.State.Status === 'exited') result.exitCode = details.State.ExitCode;
      return result;
    },
    async imageId(ref) {
      try {
        return (await docker.getImage(ref).inspect()).Id;
      } catch (error) {
        // Only a 404 means "not here" (compose will pull it); any other failure is a failure.
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw new TaskFailure(`Could not inspect the image ${ref}: ${errorMessage(error)}`, 'Check that the Docker engine answers (`docker image inspect` on the image).');
      }
    },
  };
}
