/**
 * Waiting for a container to be healthy through Docker's events, with a deadline: a container that
 * dies or turns unhealthy is noticed at once, not at the deadline.
 */
import type Docker from 'dockerode';

export type HealthResult =
  | { status: 'healthy' | 'running'; ms: number }
  | { status: 'unhealthy' | 'exited' | 'timeout'; ms: number; detail: string };

export async function waitHealthy(docker: Docker, id: string, timeoutMs: number): Promise<HealthResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const events = (await docker.getEvents({ filters: { type: ['container'], container: [id] } })) as NodeJS.ReadableStream & { destroy(): void };
  try {
    return await new Promise<HealthResult>((resolve) => {
      const timer = setTimeout(() => resolve({ status: 'timeout', ms: elapsed(), detail: `not healthy after ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
      const settle = (result: HealthResult) => {
        clearTimeout(timer);
        resolve(result);
      };
      const judge = async () => {
        const info = await docker.getContainer(id).inspect();
        const health = info.State.Health?.Status;
        if (info.State.Status === 'exited' || info.State.Status === 'dead') {
          settle({ status: 'exited', ms: elapsed(), detail: `exited with code ${info.State.ExitCode}` });
        } else if (info.State.Restarting) {
          settle({ status: 'exited', ms: elapsed(), detail: `restarting (exit code ${info.State.ExitCode})` });
        } else if (health === 'healthy' || (health === undefined && info.State.Running)) {
          settle({ status: health ? 'healthy' : 'running', ms: elapsed() });
        } else if (health === 'unhealthy') {
          const last = info.State.Health?.Log?.at(-1)?.Output?.trim() ?? '';
          settle({ status: 'unhealthy', ms: elapsed(), detail: `unhealthy: ${last.slice(0, 300)}` });
        }
      };
      let buffer = '';
      events.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        if (lines.some((l) => l.trim())) void judge().catch(() => undefined);
      });
      // Subscribed first, then looked: no event can fall between the two.
      void judge().catch(() => undefined);
    });
  } finally {
    events.destroy();
  }
}

/** The last lines a container logged, stdout and stderr together (Docker's multiplexed frames undone). */
export async function lastLogLines(docker: Docker, id: string, lines = 20): Promise<string[]> {
  const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
  let text = '';
  let offset = 0;
  // Frames: 1 byte stream type, 3 zero bytes, 4-byte big-endian length, payload. A TTY container has none.
  if (raw.length >= 8 && raw[1] === 0 && raw[2] === 0 && raw[3] === 0 && (raw[0] === 1 || raw[0] === 2)) {
    while (offset + 8 <= raw.length) {
      const size = raw.readUInt32BE(offset + 4);
      text += raw.subarray(offset + 8, offset + 8 + size).toString('utf8');
      offset += 8 + size;
    }
  } else {
    text = raw.toString('utf8');
  }
  return text.split('\n').filter((l) => l.trim() !== '').slice(-lines);
}
