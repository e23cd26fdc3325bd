/**
 * The Docker engine going away under a running task (restarted, stopped, upgraded): its socket refuses or
 * vanishes, a request is cut off, or the event stream it was sending ends. Named as such, with its own
 * fix, instead of a bare `connect ENOENT /var/run/docker.sock`.
 */

/** An event stream ended by the engine, not by us: evidence that the engine stopped. */
export class DockerEngineLost extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'DockerEngineLost';
  }
}

const socketCodes = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/** The evidence that an error is the engine going away, or undefined when it is something else. */
export function engineLostEvidence(error: unknown): string | undefined {
  if (error instanceof DockerEngineLost) return error.message;
  const e = error as { code?: string; address?: string; message?: string } | undefined;
  if (!e || typeof e !== 'object' || !e.code || !socketCodes.has(e.code)) return undefined;
  // Only the Docker socket counts: ECONNREFUSED from LiteLLM's port is LiteLLM's problem.
  const socket = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
  if (e.address === socket || e.message?.includes(socket)) return e.message;
  return undefined;
}

export const engineLostFix = 'Once `docker info` answers again, run the same command: the containers (restart: unless-stopped) come back with the engine, and the phase proves them again. Nothing it made is lost.';
