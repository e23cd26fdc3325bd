/**
 * A relay container on a swarm's overlay network, published on 127.0.0.1 only: how the checks on this
 * host reach one task (by its address) or a service (by its name) when no port of the host leads there.
 * Swarm services without a published port have none, and on a kernel without IPVS even the routing
 * mesh's published port does not answer (ARCHITECTURE.md, "Swarm"). It runs the LiteLLM image's own
 * python3 (templates/overlay-relay.py): nothing to pull. Its arguments hold an address, never a secret.
 */
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { renderSnippet } from '../render/template.js';
import { createdByLabel } from './labels.js';

export const relayLabel = 'io.litellm-mcp.relay';

export interface Relay {
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

const readyWithinMs = 20_000;

/** Relays this process started and has not removed: a sweep for leftovers must not take them. */
const live = new Set<string>();

async function hostPort(container: Docker.Container): Promise<number | undefined> {
  const info = await container.inspect();
  const binding = info.NetworkSettings.Ports?.['8080/tcp']?.[0];
  return binding?.HostPort ? Number(binding.HostPort) : undefined;
}

async function logsOf(container: Docker.Container): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true })) as unknown as Buffer;
  return raw.toString('utf8');
}

export async function startRelay(docker: Docker, o: { image: string; network: string; host: string; port: number; deployment: string }): Promise<Relay> {
  const container = await docker.createContainer({
    name: `${o.deployment}-relay-${randomBytes(3).toString('hex')}`,
    Image: o.image,
    Entrypoint: ['python3'],
    Cmd: ['-c', renderSnippet('overlay-relay.py', {}), o.host, String(o.port)],
    ExposedPorts: { '8080/tcp': {} },
    Labels: { [createdByLabel]: 'litellm-mcp', [relayLabel]: o.deployment },
    HostConfig: { NetworkMode: o.network, PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  live.add(container.id);
  const close = async () => {
    live.delete(container.id);
    await container.remove({ force: true }).catch(() => undefined);
  };
  try {
    await container.start();
    const until = Date.now() + readyWithinMs;
    for (;;) {
      const logs = await logsOf(container);
      const port = await hostPort(container);
      if (port && logs.includes('relay ready')) return { base: `http://127.0.0.1:${port}`, close };
      if (Date.now() > until) throw new Error(`the relay to ${o.host}:${o.port} did not start: ${logs.slice(-500) || 'no output'}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await close();
    throw error;
  }
}

/** Relays a run left behind (a crash between start and close): removed before new ones start. */
export async function removeRelays(docker: Docker, deployment: string): Promise<void> {
  const left = (await docker.listContainers({ all: true, filters: { label: [`${relayLabel}=${deployment}`] } })).filter((c) => !live.has(c.Id));
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}
