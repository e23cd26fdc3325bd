/**
 * Before a run writes anything: can this user reach a Docker engine, and is Compose v2 there? A host that
 * cannot run the phases is named with its fix while the folder is still as it was, instead of part-way
 * through phase A with its files written.
 */
import Docker from 'dockerode';
import { userInfo } from 'node:os';
import { TaskFailure, errorMessage } from '../core/errors.js';
import { detectCompose } from './compose.js';

export async function preflightHost(): Promise<void> {
  const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const socket = where.replace(/^unix:\/\//, '');
  try {
    // A DOCKER_HOST on the network that drops packets would hang: ten seconds is an answer too.
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000)));
    await Promise.race([new Docker().ping(), silent]).finally(() => clearTimeout(timer));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const user = userInfo().username;
    if (code === 'EACCES') {
      throw new TaskFailure(
        `This user (${user}) may not use the Docker socket ${socket} (permission denied).`,
        `Add the user to the docker group (\`sudo usermod -aG docker ${user}\`, then log in again), or run litellm-mcp as a user that may use Docker.`,
      );
    }
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      throw new TaskFailure(
        `No Docker engine answers at ${where} (${code === 'ENOENT' ? 'no such socket' : 'connection refused'}).`,
        'Start Docker (`sudo systemctl start docker`), or point DOCKER_HOST at the engine you use, and run again.',
      );
    }
    throw new TaskFailure(`Cannot reach the Docker engine at ${where}: ${errorMessage(error)}`, 'Check that `docker info` answers for this user (DOCKER_HOST, the socket, the engine), and run again.');
  }
  await detectCompose();
}
