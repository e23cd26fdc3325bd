/**
 * What is already on this host, for the wizard's defaults: its name, the PostgreSQL containers running
 * (image `postgres*` or a container port 5432) and their networks, a running Traefik with its network and
 * entrypoints, and which host ports are taken. Read-only, and never a reason to fail: a survey that
 * cannot be made leaves the questions' own defaults.
 */
import type Docker from 'dockerode';
import { hostname } from 'node:os';
import { repository } from '../core/image-ref.js';

export interface FoundPostgres {
  container: string;
  image: string;
  /** User-defined networks only: the default bridge gives no name another container can dial. */
  networks: string[];
  port: number;
  /** POSTGRES_USER from its environment (not a secret), else the image's default. */
  adminUser: string;
}

export interface FoundTraefik {
  container: string;
  /** Its Docker provider's network when set (`--providers.docker.network`), else its user-defined networks. */
  networks: string[];
  entrypoints: string[];
}

export interface HostSurvey {
  hostName: string;
  postgres: FoundPostgres[];
  traefik: FoundTraefik[];
  /** Host ports published by containers (a port a container holds is not free, whatever listen says). */
  publishedPorts: Set<number>;
}

const defaultNetworks = new Set(['bridge', 'host', 'none']);

function userNetworks(c: Docker.ContainerInfo): string[] {
  return Object.keys(c.NetworkSettings?.Networks ?? {}).filter((n) => !defaultNetworks.has(n));
}

function envValue(env: readonly string[] | undefined, key: string): string | undefined {
  return env?.find((e) => e.startsWith(`${key}=`))?.slice(key.length + 1);
}

/** `--entrypoints.web.address=:80` (or `--entryPoints.web.address :80`) in Traefik's command; its labels hold none. */
export function traefikEntrypoints(args: readonly string[]): string[] {
  const names = args.flatMap((a) => /^--entrypoints\.([^.=\s]+)\.address/i.exec(a)?.[1] ?? []);
  // Without one, Traefik listens on :80 as "http" (static_config.go, SetEffectiveConfiguration).
  return names.length ? [...new Set(names)] : ['http'];
}

function providerNetwork(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = /^--providers\.docker\.network(?:=(.+))?$/i.exec(args[i]!);
    if (m) return m[1] ?? args[i + 1];
  }
  return undefined;
}

export async function surveyHost(docker: Docker): Promise<HostSurvey> {
  const running = await docker.listContainers();
  const survey: HostSurvey = { hostName: hostname(), postgres: [], traefik: [], publishedPorts: new Set(running.flatMap((c) => c.Ports.flatMap((p) => (p.PublicPort ? [p.PublicPort] : [])))) };
  await Promise.all(running.map(async (c) => {
    const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
    const image = repository(c.Image);
    const ports = c.Ports.map((p) => p.PrivatePort);
    if (image.startsWith('postgres') || ports.includes(5432)) {
      const details = await docker.getContainer(c.Id).inspect();
      survey.postgres.push({
        container: name, image: c.Image, networks: userNetworks(c),
        port: ports.includes(5432) || ports.length === 0 ? 5432 : ports[0]!,
        adminUser: envValue(details.Config.Env, 'POSTGRES_USER') ?? 'postgres',
      });
    } else if (image.startsWith('traefik')) {
      const details = await docker.getContainer(c.Id).inspect();
      const args = [...(details.Config.Entrypoint ?? []), ...(details.Config.Cmd ?? [])];
      const own = providerNetwork(args);
      survey.traefik.push({ container: name, networks: own ? [own] : userNetworks(c), entrypoints: traefikEntrypoints(args) });
    }
  }));
  survey.postgres.sort((a, b) => a.container.localeCompare(b.container));
  survey.traefik.sort((a, b) => a.container.localeCompare(b.container));
  return survey;
}
