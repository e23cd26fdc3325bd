/** Lazy access to the heavy adapters: dockerode and execa load only when a task needs them. */
import type { Compose } from './compose.js';
import type { DockerApi } from './docker.js';

export interface Infra {
  docker(): Promise<DockerApi>;
  compose(): Promise<Compose>;
}

export function lazyInfra(): Infra {
  let docker: Promise<DockerApi> | undefined;
  let compose: Promise<Compose> | undefined;
  return {
    docker: () => (docker ??= import('./docker.js').then((m) => m.connectDocker())),
    compose: () => (compose ??= import('./compose.js').then((m) => m.detectCompose())),
  };
}
