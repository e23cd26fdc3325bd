/** The containers of a compose project as the report's service table shows them. */
import type Docker from 'dockerode';

export interface ServiceContainerState {
  id: string;
  service: string;
  name: string;
  image: string;
  state: string;
  health?: string;
  exitCode: number;
  restartCount: number;
  /** "127.0.0.1:18010→8000/tcp" */
  ports: string[];
  command: string[];
  /** The Docker networks it is attached to, by name. */
  networks: string[];
}

export async function projectContainers(docker: Docker, project: string): Promise<ServiceContainerState[]> {
  const listed = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  const out: ServiceContainerState[] = [];
  for (const c of listed) {
    const d = await docker.getContainer(c.Id).inspect();
    const bindings = d.HostConfig.PortBindings as Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined;
    const ports = Object.entries(bindings ?? {}).flatMap(([inner, list]) => (list ?? []).map((b) => `${b.HostIp || '0.0.0.0'}:${b.HostPort}→${inner}`));
    const row: ServiceContainerState = {
      id: c.Id,
      service: d.Config.Labels?.['com.docker.compose.service'] ?? '',
      name: d.Name.replace(/^\//, ''),
      image: d.Config.Image,
      state: d.State.Restarting ? 'restarting' : d.State.Status,
      exitCode: d.State.ExitCode,
      restartCount: d.RestartCount,
      ports,
      command: [...((d.Config.Entrypoint as string[] | null) ?? []), ...((d.Config.Cmd as string[] | null) ?? [])],
      networks: Object.keys(d.NetworkSettings?.Networks ?? {}).sort(),
    };
    if (d.State.Health) row.health = d.State.Health.Status;
    out.push(row);
  }
  return out.sort((a, b) => a.service.localeCompare(b.service));
}
