/**
 * A swarm deployment's services, by the stack label `docker stack deploy` puts on them: their specs as
 * the swarm holds them and their published ports. Phase G audits them; `logs` and `check` read them.
 */
import type Docker from 'dockerode';
import type { Answers } from '../core/answers.js';
import { projectsOf } from '../core/paths.js';

export interface ServiceSpecLike {
  Name?: string;
  Labels?: Record<string, string>;
  TaskTemplate?: {
    ContainerSpec?: { User?: string; ReadOnly?: boolean; CapabilityDrop?: string[]; Labels?: Record<string, string> };
    Resources?: { Limits?: { MemoryBytes?: number; Pids?: number } };
    RestartPolicy?: { Condition?: string };
    LogDriver?: { Name?: string; Options?: Record<string, string> };
  };
}

export interface SwarmService {
  /** The service's name in its stack (litellm, postgres, redis, postgres-mcp). */
  service: string;
  /** Its name on the swarm (`<stack>_<service>`). */
  name: string;
  id: string;
  spec: ServiceSpecLike;
  /** Published ports as `published→target`. */
  ports: string[];
}

/** The services of both stacks of this deployment, by the stack label `docker stack deploy` puts on them. */
export async function swarmServices(api: Docker, a: Pick<Answers, 'name'>): Promise<SwarmService[]> {
  const out: SwarmService[] = [];
  for (const stack of [projectsOf(a.name).connector, projectsOf(a.name).gateway]) {
    for (const s of await api.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } })) {
      const spec = s.Spec as ServiceSpecLike;
      const ports = ((s.Endpoint as { Ports?: Array<{ PublishedPort?: number; TargetPort?: number }> } | undefined)?.Ports ?? []).map((p) => `${p.PublishedPort}→${p.TargetPort}`);
      out.push({ service: (spec.Name ?? '').slice(stack.length + 1), name: spec.Name ?? '', id: s.ID ?? '', spec, ports });
    }
  }
  return out.sort((x, y) => x.service.localeCompare(y.service));
}
