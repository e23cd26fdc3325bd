/** Lazy access to the heavy adapters: dockerode and execa load only when a task needs them. */
import type { Compose } from './compose.js';
import type { DockerApi } from './docker.js';

export interface Infra {
  docker(): Promise<DockerApi>;
  compose(): Promise<Compose>;
}

// One engine connection and one compose probe per process: the check before a run and the run share them.
let docker: Promise<DockerApi> | undefined;
let compose: Promise<Compose> | undefined;

export function lazyInfra(): Infra {
  return {
    docker: () => (docker ??= import('./docker.js').then((m) => m.connectDocker())),
    compose: () => (compose ??= import('./compose.js').then((m) => m.detectCompose())),
  };
}

/**
 * Before a run writes anything: this user reaches a Docker engine, and Compose v2 is there. A host that
 * cannot run the phases is named with its fix while the folder is still as it was, instead of part-way
 * through phase A with its files written.
 */
export async function checkHost(): Promise<void> {
  const infra = lazyInfra();
  await infra.docker();
  await infra.compose();
}
