/**
 * With Traefik in front, phase B's labels route `/mcp-rest/test` to `noop@internal`. The block is proven
 * by trying it through the running Traefik, as a client on the LAN would (the Host header of the
 * LiteLLM router): LiteLLM itself must answer through Traefik (else nothing is proven), and the
 * unauthenticated `POST /mcp-rest/test/connection` must not reach it.
 */
import type { Context } from '../../core/context.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import type { HttpResult } from '../../infra/http.js';
import { mcpTestPrefix, traefikRouter } from '../../render/litellm-compose.js';
import { findTraefikEntry } from './traefik-entry.js';

const title = 'Traefik blocks /mcp-rest/test';

async function tryThrough(url: string, host: string, method: 'GET' | 'POST', body?: unknown): Promise<HttpResult | string> {
  // Loaded when tried: listing the tasks for the report (status) must not load node:http and node:https.
  const { http, HttpFailure } = await import('../../infra/http.js');
  try {
    return await http(url, { method, headers: { host }, timeoutMs: 15_000, anyCertificate: true, ...(body ? { body } : {}) });
  } catch (error) {
    if (error instanceof HttpFailure) return error.message;
    throw error;
  }
}

/**
 * Traefik applies Docker's changes after its providers' throttle (2 s by default), later when many
 * containers change at once: right after LiteLLM was recreated, "404 page not found" (no router matched
 * yet) is asked again for a while before it counts.
 */
const routeSettleMs = 15_000;

async function liveThrough(ctx: Context, url: string, host: string): Promise<HttpResult | string> {
  const { waitingFor } = await import('../../output/wait-notice.js');
  return waitingFor(ctx.out, `Traefik to route ${host} to LiteLLM`, routeSettleMs, async () => {
    const until = Date.now() + routeSettleMs;
    for (;;) {
      const live = await tryThrough(url, host, 'GET');
      const unrouted = typeof live !== 'string' && live.status === 404 && /404 page not found/.test(live.text);
      if (!unrouted || Date.now() > until) return live;
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}

const said = (r: HttpResult | string) => (typeof r === 'string' ? r : `${r.status}${r.text ? ` ${r.text.slice(0, 80).trim()}` : ''}`);

export const traefikBlockTask = verifyTask(`${title}, tried through Traefik`, async (ctx: Context): Promise<Check> => {
  const a = ctx.answers;
  const docker = (await ctx.infra.docker()).raw;
  const entry = await findTraefikEntry(docker, a.traefikNetwork, a.traefikEntrypoint, a.name);
  const byHand = `curl -X POST -H 'Host: ${a.traefikHost}' <traefik>${mcpTestPrefix}/connection must not answer {"status":"ok"}`;
  if (!entry) {
    const finding: Finding = {
      severity: 'medium',
      title: `${title}: not proven`,
      evidence: `no running Traefik container on ${a.traefikNetwork} takes the entrypoint ${a.traefikEntrypoint}`,
      fix: `Start Traefik on ${a.traefikNetwork}, then \`litellm-mcp phase g\`; or check by hand: ${byHand}.`,
    };
    return { status: 'ok', message: finding.evidence, findings: [finding], facts: { Traefik: finding.evidence } };
  }
  const where = `${entry.container} at ${entry.url} (${entry.how}), Host ${a.traefikHost}`;
  const live = await liveThrough(ctx, `${entry.url}/health/liveliness`, a.traefikHost);
  if (typeof live === 'string' || live.status !== 200) {
    const finding: Finding = {
      severity: 'medium',
      title: 'Traefik does not route to LiteLLM',
      evidence: `GET /health/liveliness through ${where} → ${said(live)}`,
      fix: `Check Traefik's log for the router ${traefikRouter(a)}@docker and that it watches Docker on ${a.traefikNetwork}; then \`litellm-mcp phase g\`.`,
    };
    return { status: 'ok', message: finding.evidence, findings: [finding], facts: { Traefik: finding.evidence } };
  }
  const probe = { server_name: 'litellm_mcp_audit', url: 'http://127.0.0.1:9/sse', transport: 'sse' };
  const door = await tryThrough(`${entry.url}${mcpTestPrefix}/connection`, a.traefikHost, 'POST', probe);
  const evidence = `through ${where}: GET /health/liveliness → 200, POST ${mcpTestPrefix}/connection → ${said(door)}`;
  const reached = typeof door !== 'string' && door.status >= 200 && door.status < 300;
  if (!reached) return { status: 'ok', message: `refused: ${evidence}`, facts: { Traefik: `LiteLLM routed, ${mcpTestPrefix} refused (${evidence})` } };
  const finding: Finding = {
    severity: 'high',
    title: `${mcpTestPrefix}/connection is open through Traefik`,
    evidence,
    fix: `Phase B's router ${traefikRouter(a)}-mcp-rest-test (service noop@internal) is not in effect: check that the labels are on the running container (\`litellm-mcp phase e\` recreates it) and that no other router for ${a.traefikHost} has a higher priority.`,
  };
  return { status: 'ok', message: evidence, findings: [finding], facts: { Traefik: evidence } };
});
