/**
 * The gateway address in client files is the one clients use (the LAN host name or the Traefik host).
 * This machine may not resolve it (a name only the LAN's DNS knows): then proofs go to the published port
 * here, with the same path and headers, and the report says so. On a swarm that port is the routing
 * mesh's, which needs IPVS on the host: the proofs go through a relay to the tasks instead, and say so.
 */
import type { Context } from '../../core/context.js';
import { hostAddress } from '../../infra/host-address.js';

const resolved = new WeakMap<Context, Map<string, Promise<boolean>>>();

async function resolves(ctx: Context, host: string): Promise<boolean> {
  let memo = resolved.get(ctx);
  if (!memo) resolved.set(ctx, (memo = new Map()));
  let answer = memo.get(host);
  if (!answer) {
    const { lookup } = await import('node:dns/promises');
    answer = lookup(host).then(() => true, () => false);
    memo.set(host, answer);
  }
  return answer;
}

/** The published port here; on a swarm, the relay to LiteLLM's tasks on the overlay (phase F opens it). */
export function localOrigin(ctx: Context): string {
  return ctx.endpoints?.litellm ?? `http://${hostAddress(ctx.answers.bindAddress)}:${ctx.answers.litellmPort}`;
}

/** The URL itself when its host resolves here, else the same path on the published port. */
export async function reachableUrl(ctx: Context, url: string): Promise<string> {
  const parsed = new URL(url);
  if (await resolves(ctx, parsed.hostname)) return url;
  return `${localOrigin(ctx)}${parsed.pathname}${parsed.search}`;
}

/** For the report: how the proofs reach the gateway. */
export async function addressNote(ctx: Context, base: string): Promise<string> {
  const host = new URL(base).hostname;
  if (await resolves(ctx, host)) return `${base} (resolves here)`;
  if (ctx.endpoints?.litellm) return `${host} does not resolve on this machine: proven through a relay to LiteLLM's swarm tasks on the overlay network (${localOrigin(ctx)}), with the same paths and headers`;
  return `${host} does not resolve on this machine: proven through ${localOrigin(ctx)}, the port it names`;
}
