/**
 * What this host exposes, judged by trying: every port our containers publish, and for the MCP server
 * (no authentication of its own) and the database a connection to each of this host's other addresses,
 * which must be refused. A bind address in a file is a claim; a refused connection is the proof.
 */
import { networkInterfaces } from 'node:os';
import type { Context } from '../../core/context.js';
import { projectsOf } from '../../core/paths.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import { projectContainers } from '../../infra/compose-services.js';
import { addedNames } from '../../servers/gateway-servers.js';
import { swarmServices } from '../../infra/swarm-services.js';

/** This host's own non-loopback IPv4 addresses: what another machine (or a container) would dial. */
function outsideAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address));
}

async function accepts(host: string, port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1500 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** What publishes ports: each compose container, or on a swarm each service (its ports on every node). */
async function publishers(ctx: Context): Promise<Array<{ service: string; ports: string[] }>> {
  const docker = (await ctx.infra.docker()).raw;
  if (ctx.answers.target === 'swarm') return swarmServices(docker, ctx.answers);
  const containers = [...(await projectContainers(docker, projectsOf(ctx.answers.name).connector)), ...(await projectContainers(docker, projectsOf(ctx.answers.name).gateway))];
  // Servers added with `mcp add`: named by their server name, since each one's service is "server".
  for (const spec of ctx.answers.mcpServers) {
    for (const c of await projectContainers(docker, addedNames(ctx.answers.name, spec.name).project)) containers.push({ ...c, service: `MCP server ${spec.name}` });
  }
  return containers;
}

/**
 * A swarm publishes LiteLLM on every address through the routing mesh; when not even loopback answers,
 * clients cannot reach it. The kernel's IPVS is named as the cause only when it is absent.
 */
async function silentMesh(port: number): Promise<Finding | undefined> {
  if (await accepts('127.0.0.1', port)) return undefined;
  const { existsSync } = await import('node:fs');
  const noIpvs = !existsSync('/proc/sys/net/ipv4/vs');
  return {
    severity: 'high',
    title: 'LiteLLM\'s published port answers nowhere on this host',
    evidence: `port ${port} refused on 127.0.0.1 and every other address${noIpvs ? '; /proc/sys/net/ipv4/vs is absent: this kernel has no IPVS, which the routing mesh needs' : ''}`,
    fix: noIpvs
      ? 'Load IPVS (`modprobe ip_vs`, or a kernel that has it), then restart Docker: clients reach a swarm service\'s published port only through it. Phase E\'s proofs do not use this port: they go through relays on the overlay network.'
      : 'Not recognised: read `docker service ps` for LiteLLM and dockerd\'s log (`journalctl -u docker`) for the ingress network.',
  };
}

export const exposureTask = verifyTask('Exposure: published ports, tried from this host\'s other addresses', async (ctx: Context): Promise<Check> => {
  const containers = await publishers(ctx);
  const addresses = outsideAddresses();
  const findings: Finding[] = [];
  const seen: string[] = [];
  for (const c of containers) {
    for (const port of c.ports) {
      const published = port.split('→')[0]!.split(':').pop();
      const hostPort = Number(published);
      const reachedAt: string[] = [];
      for (const address of addresses) if (await accepts(address, hostPort)) reachedAt.push(`${address}:${hostPort}`);
      seen.push(`${c.service} ${port}${reachedAt.length ? ` (answers on ${reachedAt.join(', ')})` : ' (refused on every other address)'}`);
      if (reachedAt.length === 0 && c.service === 'litellm' && ctx.answers.target === 'swarm') {
        const silent = await silentMesh(hostPort);
        if (silent) findings.push(silent);
      }
      if (reachedAt.length === 0) continue;
      if (c.service === 'litellm') {
        findings.push(ctx.answers.traefik
          ? { severity: 'low', title: 'LiteLLM is reachable beside Traefik', evidence: `${port} answers on ${reachedAt.join(', ')}`, fix: 'Publish LiteLLM on 127.0.0.1 (--bind-address 127.0.0.1) so only Traefik reaches it.' }
          : { severity: 'medium', title: 'LiteLLM speaks plain HTTP to the network', evidence: `${port} answers on ${reachedAt.join(', ')}; keys and prompts cross the LAN unencrypted`, fix: 'Put Traefik with TLS in front (--traefik --traefik-entrypoint websecure) and publish on 127.0.0.1, or keep the host on a trusted network.' });
      } else {
        findings.push({ severity: 'high', title: `${c.service} is reachable from outside this host`, evidence: `${port} answers on ${reachedAt.join(', ')}; it has no authentication of its own`, fix: c.service === 'postgres-mcp' ? 'Publish it on 127.0.0.1 (--mcp-bind-address 127.0.0.1), then `litellm-mcp phase d` and `phase e`.' : c.service.startsWith('MCP server ') ? 'Phase D publishes it on 127.0.0.1 only: `litellm-mcp phase d --force`, then `phase e`.' : 'Remove the published port: LiteLLM and the MCP server reach the database on the Docker network.' });
      }
    }
  }
  const database = containers.find((c) => c.service === 'postgres');
  if (database && database.ports.length === 0) seen.push('postgres: no published port');
  return {
    status: 'ok',
    message: findings.length ? `${findings.length} finding(s): ${findings.map((f) => `${f.severity} ${f.title}`).join('; ')}` : `nothing reachable from outside but what is meant to be (${addresses.length} address(es) tried)`,
    facts: { Exposure: seen.join('; ') || 'no published port' },
    findings,
  };
});
