/** The containers a hand-made deployment's compose files describe, as Docker sees them now. */
import type Docker from 'dockerode';
import type { HandMade } from './hand-made.js';
import { redact } from '../core/redact.js';

export interface RunningService {
  container: string;
  state: string;
  health?: string;
  /** The last healthcheck's output, when it failed. */
  healthOutput?: string;
  exitCode?: number;
  restarts: number;
  /** Its last log lines, redacted. */
  logs: string[];
}

/** By `<compose file>:<service>`; a service with no container is absent. */
export type Running = Map<string, RunningService>;

const ansi = /\x1b\[[0-9;]*m/g;

export const serviceKey = (file: string, service: string) => `${file}:${service}`;

export async function runningServices(docker: Docker, h: HandMade): Promise<Running> {
  const { lastLogLines } = await import('../infra/docker-logs.js');
  const out: Running = new Map();
  for (const stack of h.stacks) {
    for (const s of stack.services) {
      const [found] = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${stack.project}`, `com.docker.compose.service=${s.name}`] } });
      if (!found) continue;
      const details = await docker.getContainer(found.Id).inspect();
      const health = details.State.Health;
      const failed = health?.Log?.filter((l) => l.ExitCode !== 0).at(-1);
      out.set(serviceKey(stack.file, s.name), {
        container: details.Name.replace(/^\//, ''),
        state: details.State.Restarting ? 'restarting' : details.State.Status,
        ...(health ? { health: health.Status } : {}),
        ...(failed ? { healthOutput: redact(failed.Output.trim()).slice(0, 300) } : {}),
        ...(details.State.Status !== 'running' || details.State.Restarting ? { exitCode: details.State.ExitCode } : {}),
        restarts: details.RestartCount,
        // A start that fails logs its cause first, then about 30 more lines: 200 reach back past one restart.
        logs: (await lastLogLines(docker, found.Id, 200)).map((l) => redact(l.replace(ansi, ''))),
      });
    }
  }
  return out;
}
