/**
 * The Docker side of an adoption: the database container LiteLLM's URL names (by container name,
 * network alias or compose service), and the hand-made containers litellm-mcp's replace, stopped and
 * never removed, so `adopt --undo` starts the very same containers again.
 */
import type Docker from 'dockerode';
import type { DatabaseSeen, Located } from './implied-answers.js';
import type { StoppedContainer } from './archive.js';

export async function findDatabase(docker: Docker, host: string): Promise<DatabaseSeen | undefined> {
  const list = await docker.listContainers();
  const byName = list.find((c) => c.Names.some((n) => n.replace(/^\//, '') === host));
  const candidates = byName ? [byName] : list;
  for (const c of candidates) {
    const details = await docker.getContainer(c.Id).inspect();
    const networks = details.NetworkSettings.Networks ?? {};
    const known = byName !== undefined || details.Config.Labels?.['com.docker.compose.service'] === host
      || Object.values(networks).some((n) => (n.Aliases ?? []).includes(host));
    if (!known) continue;
    const adminUser = (details.Config.Env ?? []).find((e) => e.startsWith('POSTGRES_USER='))?.slice('POSTGRES_USER='.length);
    return { container: details.Name.replace(/^\//, ''), networks: Object.keys(networks), ...(adminUser ? { adminUser } : {}) };
  }
  return undefined;
}

/** The containers of these services (every one compose made: a service may have several), running or not. */
export async function containersOf(docker: Docker, services: readonly Located[]): Promise<StoppedContainer[]> {
  const out: StoppedContainer[] = [];
  for (const { stack, service } of services) {
    const found = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${stack.project}`, `com.docker.compose.service=${service.name}`] } });
    for (const c of found) out.push({ id: c.Id, name: c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12), project: stack.project, service: service.name });
  }
  return out;
}

/** `docker stop`: the container and its configuration stay, for `--undo`; a stopped one is left as it is. */
export async function stopContainers(docker: Docker, containers: readonly StoppedContainer[]): Promise<void> {
  for (const c of containers) {
    const state = (await docker.getContainer(c.id).inspect()).State;
    if (state.Running || state.Restarting) await docker.getContainer(c.id).stop({ t: 10 });
  }
}

export async function startContainers(docker: Docker, containers: readonly StoppedContainer[]): Promise<string[]> {
  const started: string[] = [];
  for (const c of containers) {
    const state = (await docker.getContainer(c.id).inspect().catch(() => undefined))?.State;
    if (!state) continue; // removed since: the person's compose file recreates it
    if (!state.Running) await docker.getContainer(c.id).start();
    started.push(c.name);
  }
  return started;
}
