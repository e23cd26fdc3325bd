/**
 * Waiting for a container to be healthy through Docker's events, with a deadline: a container that
 * dies, restarts or turns unhealthy is noticed at once, not at the deadline.
 */
import type Docker from 'dockerode';
import { DockerEngineLost, engineLostEvidence } from './engine-lost.js';
import { exitedWith } from './exit-code.js';

export type HealthResult =
  | { status: 'healthy' | 'running'; ms: number; /** From Docker's health verdict to our noticing it. */ noticeMs?: number }
  | { status: 'unhealthy' | 'exited' | 'timeout'; ms: number; detail: string };

export async function waitHealthy(docker: Docker, id: string, timeoutMs: number): Promise<HealthResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const elapsed = () => Math.round(performance.now() - started);
  const events = (await docker.getEvents({ filters: { type: ['container'], container: [id] } })) as NodeJS.ReadableStream & { destroy(): void };
  let baselineRestarts: number | undefined;
  try {
    return await new Promise<HealthResult>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => settle({ status: 'timeout', ms: elapsed(), detail: `was not healthy after ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
      const settle = (result: HealthResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // The engine going away is not the container's failure: the runner names it with its own fix.
      const lost = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const judge = async () => {
        let info: Docker.ContainerInspectInfo;
        try {
          info = await docker.getContainer(id).inspect();
        } catch (error) {
          if (engineLostEvidence(error)) return lost(error as Error);
          // Removed while we waited (`docker rm -f`, a `compose down` elsewhere): say so now, not at the deadline.
          const gone = (error as { statusCode?: number }).statusCode === 404;
          settle({ status: 'exited', ms: elapsed(), detail: gone ? 'was removed while we waited for it' : `could not be inspected: ${(error as Error).message}` });
          return;
        }
        baselineRestarts ??= info.RestartCount;
        const health = info.State.Health?.Status;
        if (info.State.Status === 'exited' || info.State.Status === 'dead') {
          const exited: HealthResult = { status: 'exited', ms: elapsed(), detail: exitedWith(info.State.ExitCode) };
          // A stopping engine stops its containers first, then closes this stream: a container that the
          // engine would restart gets a moment for the stream to tell which of the two happened.
          if (['unless-stopped', 'always'].includes(info.HostConfig.RestartPolicy?.Name ?? '')) setTimeout(() => settle(exited), 2000);
          else settle(exited);
        } else if (info.State.Restarting || info.RestartCount > baselineRestarts) {
          settle({ status: 'exited', ms: elapsed(), detail: `is restarting in a loop (last exit code ${info.State.ExitCode})` });
        } else if (health === 'healthy') {
          const verdict = Date.parse(info.State.Health?.Log?.at(-1)?.End ?? '');
          const result: HealthResult = { status: 'healthy', ms: elapsed() };
          // Only a verdict reached while we waited says how fast we noticed it.
          if (Number.isFinite(verdict) && verdict >= startedAt) result.noticeMs = Math.max(0, Date.now() - verdict);
          settle(result);
        } else if (health === undefined && info.State.Running) {
          settle({ status: 'running', ms: elapsed() });
        } else if (health === 'unhealthy') {
          const last = info.State.Health?.Log?.at(-1)?.Output?.trim() ?? '';
          settle({ status: 'unhealthy', ms: elapsed(), detail: `turned unhealthy (healthcheck said: ${last.split('\n').at(-1)?.slice(0, 300) ?? ''})` });
        }
      };
      // A broken or ended event stream is the engine going away (restarted, stopped): not a crash or a deadline.
      events.on('error', (error: Error) => (engineLostEvidence(error) ? lost(error) : settle({ status: 'exited', ms: elapsed(), detail: `could not be watched: ${error.message}` })));
      events.on('end', () => lost(new DockerEngineLost(`its event stream ended while we waited for ${id.slice(0, 12)}`)));
      let buffer = '';
      events.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        if (lines.some((l) => l.trim())) void judge();
      });
      // Subscribed first, then looked: no event can fall between the two.
      void judge();
    });
  } finally {
    events.destroy();
  }
}
