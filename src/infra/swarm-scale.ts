/**
 * A swarm service scaled to a number of tasks, and the wait until the swarm runs exactly that many (a
 * task with a healthcheck counts once it passed it). `restore` uses it to stop LiteLLM for the database
 * swap and start it again, as `docker stop` and `docker start` do on compose.
 */
import type Docker from 'dockerode';

interface ServiceInfo {
  Version: { Index: number };
  Spec: { Mode?: { Replicated?: { Replicas?: number } } } & Record<string, unknown>;
}

async function running(api: Docker, name: string): Promise<number> {
  const tasks = await api.listTasks({ filters: { service: [name] } });
  return tasks.filter((t) => t.Status?.State === 'running').length;
}

/** Sets the replicas and waits; false when the swarm did not get there within `timeoutMs`. */
export async function scaleService(api: Docker, name: string, replicas: number, timeoutMs: number): Promise<boolean> {
  const service = api.getService(name);
  const info = (await service.inspect()) as ServiceInfo;
  if (info.Spec.Mode?.Replicated?.Replicas !== replicas) {
    await service.update({ version: info.Version.Index, ...info.Spec, Mode: { Replicated: { Replicas: replicas } } });
  }
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    if ((await running(api, name)) === replicas) return true;
  }
  return false;
}
