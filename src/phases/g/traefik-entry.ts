/**
 * Where the running Traefik takes requests for one entrypoint, read from its container the way it was
 * started: `--entrypoints.<name>.address=[host]:<port>` in its command (flags are case-insensitive in
 * Traefik), else the usual ports of `web` (80) and `websecure` (443) when its static configuration is a
 * file we do not read. The address dialled is the published port on this host, else the container's
 * address on the Traefik network (reachable from the Docker host itself).
 */
import type Docker from 'dockerode';
import { projectsOf } from '../../core/paths.js';

export interface TraefikEntry {
  container: string;
  /** e.g. http://127.0.0.1:80 */
  url: string;
  /** How the address was found, for the evidence. */
  how: string;
}

const usualPorts: Record<string, number> = { web: 80, websecure: 443 };

export function entrypointPort(args: string[], entrypoint: string): number | undefined {
  const flag = `--entrypoints.${entrypoint.toLowerCase()}.address`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const lower = arg.toLowerCase();
    const value = lower.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : lower === flag ? args[i + 1] : undefined;
    // ":80", "0.0.0.0:80", ":443/tcp"
    const port = value ? /:(\d+)(?:\/tcp)?$/.exec(value)?.[1] : undefined;
    if (port) return Number(port);
  }
  return undefined;
}

function looksLikeTraefik(details: Docker.ContainerInspectInfo, args: string[]): boolean {
  return /traefik/i.test(details.Config.Image) || args.some((a) => /^--(entrypoints|providers)\./i.test(a));
}

export async function findTraefikEntry(docker: Docker, network: string, entrypoint: string, deployment: string): Promise<TraefikEntry | undefined> {
  const ours = new Set<string>(Object.values(projectsOf(deployment)));
  const listed = await docker.listContainers({ filters: { network: [network] } });
  for (const c of listed) {
    if (ours.has(c.Labels['com.docker.compose.project'] ?? '')) continue;
    const details = await docker.getContainer(c.Id).inspect();
    const args = [...(details.Config.Entrypoint ?? []), ...(details.Config.Cmd ?? [])].map(String);
    if (!looksLikeTraefik(details, args)) continue;
    const name = details.Name.replace(/^\//, '');
    const fromArgs = entrypointPort(args, entrypoint);
    const port = fromArgs ?? usualPorts[entrypoint];
    if (!port) continue;
    const scheme = entrypoint === 'websecure' || port === 443 ? 'https' : 'http';
    const how = fromArgs ? `--entrypoints.${entrypoint}.address in its command` : `the usual port of ${entrypoint}`;
    const published = details.NetworkSettings.Ports?.[`${port}/tcp`]?.[0];
    if (published?.HostPort) {
      const host = !published.HostIp || published.HostIp === '0.0.0.0' || published.HostIp === '::' ? '127.0.0.1' : published.HostIp;
      return { container: name, url: `${scheme}://${host}:${published.HostPort}`, how: `${how}, published on ${published.HostIp || '0.0.0.0'}:${published.HostPort}` };
    }
    if (details.HostConfig.NetworkMode === 'host') return { container: name, url: `${scheme}://127.0.0.1:${port}`, how: `${how}, host network` };
    const ip = details.NetworkSettings.Networks[network]?.IPAddress;
    if (ip) return { container: name, url: `${scheme}://${ip}:${port}`, how: `${how}, its address on ${network}` };
  }
  return undefined;
}
