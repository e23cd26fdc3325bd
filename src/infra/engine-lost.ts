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

/** Where dockerode looks for the engine: DOCKER_HOST, else the local socket. */
export const dockerHost = (): string => process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
const socketOf = (host: string) => host.replace(/^unix:\/\//, '');

/** The evidence that an error is the engine going away, or undefined when it is something else. */
export function engineLostEvidence(error: unknown): string | undefined {
  if (error instanceof DockerEngineLost) return error.message;
  const e = error as { code?: string; address?: string; message?: string } | undefined;
  if (!e || typeof e !== 'object' || !e.code || !socketCodes.has(e.code)) return undefined;
  // Only the Docker socket counts: ECONNREFUSED from LiteLLM's port is LiteLLM's problem.
  const socket = socketOf(dockerHost());
  if (e.address === socket || e.message?.includes(socket)) return e.message;
  return undefined;
}

export const engineLostFix = 'Once `docker info` answers again, run the same command: the containers (restart: unless-stopped) come back with the engine, and the phase proves them again. Nothing it made is lost.';

/** Why the engine did not answer a first ping, with the fix for that cause. */
export function engineUnreachable(error: unknown, user: string): { problem: string; fix: string } {
  const where = dockerHost();
  const code = (error as { code?: string }).code;
  if (code === 'EACCES') {
    return {
      problem: `This user (${user}) may not use the Docker socket ${socketOf(where)} (permission denied).`,
      fix: `Add the user to the docker group (\`sudo usermod -aG docker ${user}\`, then log in again), or run litellm-mcp as a user that may use Docker.`,
    };
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return {
      problem: `No Docker engine answers at ${where} (${code === 'ENOENT' ? 'no such socket' : 'connection refused'}).`,
      fix: 'Start Docker (`sudo systemctl start docker`), or point DOCKER_HOST at the engine you use, and run again.',
    };
  }
  return {
    problem: `Cannot reach the Docker engine at ${where}: ${(error as Error).message ?? String(error)}`,
    fix: 'Check that `docker info` answers for this user (DOCKER_HOST, the socket, the engine), and run again.',
  };
}
