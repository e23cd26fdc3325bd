/**
 * Two doors LiteLLM 1.77.3 leaves open, tried the way anyone who reaches its port would (FACTS.md and
 * its source): `POST /mcp-rest/test/connection` takes no key and makes the proxy connect to any URL, and
 * `POST /login` lets `admin` in with the master key, minting an admin session key (valid until the next midnight UTC: 1.77.3 reads its "24hr" as an unknown unit). Neither can be
 * closed by configuration (`general_settings.allowed_routes` only filters routes that check a key), so
 * both are reported; the session key our own try created is deleted again.
 */
import type { Context } from '../../core/context.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import { gatewayApi } from '../e/verify-litellm.js';
import { keyApiOf } from '../f/key-api.js';
import { requireSecrets } from '../shared/secrets.js';

const keepPrivate = 'Keep LiteLLM\'s port off untrusted networks: publish it on 127.0.0.1 (--bind-address 127.0.0.1) behind Traefik, or firewall it to the hosts that need it.';

/** LiteLLM published on loopback only: what is open is open to this host's own processes. */
const loopbackOnly = (bindAddress: string) => bindAddress === '127.0.0.1' || bindAddress === '::1';

async function tryTestConnection(ctx: Context, base: string): Promise<{ finding?: Finding; said: string }> {
  // A URL nothing listens on: the proxy tries it and still answers ok.
  const body = JSON.stringify({ server_name: 'litellm_mcp_audit', url: 'http://127.0.0.1:9/sse', transport: 'sse' });
  const r = await fetch(`${base}/mcp-rest/test/connection`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(15_000) });
  const text = (await r.text()).slice(0, 120);
  const said = `POST /mcp-rest/test/connection without a key → ${r.status} ${text}`;
  if (r.status === 401 || r.status === 403 || r.status === 404) return { said };
  const local = loopbackOnly(ctx.answers.bindAddress);
  const traefik = ctx.answers.traefik ? ' Through Traefik, phase B\'s router sends /mcp-rest/test to noop@internal (tried below).' : ' With Traefik (--traefik), phase B adds a router that blocks /mcp-rest/test.';
  return {
    said,
    finding: {
      severity: local ? 'low' : 'high',
      title: 'Unauthenticated request forgery: /mcp-rest/test/connection',
      evidence: `${said} (for a URL where nothing listens)${local ? `; LiteLLM is published on ${ctx.answers.bindAddress} only, so only this host's own processes reach it` : ''}`,
      fix: `${local ? '' : `${keepPrivate} `}LiteLLM 1.77.3 has no setting that closes it.${traefik}`,
    },
  };
}

/** The session key inside the login's JWT cookie (its payload is readable without the signature). */
function sessionKey(setCookie: string | null): string | undefined {
  const jwt = /(?:^|[;,]\s*)token=([^;]+)/.exec(setCookie ?? '')?.[1];
  const payload = jwt?.split('.')[1];
  if (!payload) return undefined;
  try {
    const key = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { key?: unknown }).key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

async function tryLogin(ctx: Context, base: string): Promise<{ finding?: Finding; said: string }> {
  const form = new URLSearchParams({ username: 'admin', password: requireSecrets(ctx).masterKey });
  const r = await fetch(`${base}/login`, { method: 'POST', body: form, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const said = `POST /login as admin with the master key → ${r.status}${r.headers.get('location') ? ` to ${r.headers.get('location')}` : ''}`;
  if (r.status !== 303) return { said };
  const key = sessionKey(r.headers.get('set-cookie'));
  let cleaned = 'its session key could not be read from the cookie';
  if (key) {
    const { tokenOf } = await import('../../infra/litellm-keys.js');
    await (await keyApiOf(ctx)).delete([tokenOf(key)]);
    cleaned = 'the admin session key it minted was deleted again';
  }
  return {
    said: `${said}; ${cleaned}`,
    finding: {
      severity: 'medium',
      title: 'Admin UI login with the master key',
      evidence: `${said}: the master key opens LiteLLM's admin UI to anyone who reaches the port (${cleaned})`,
      fix: `${keepPrivate} Treat secrets/generated.env's master key as the admin password: never give it to clients (they use the scoped key from phase F).`,
    },
  };
}

export const openDoorsTask = verifyTask('Open doors of LiteLLM 1.77.3, tried without a client key', async (ctx): Promise<Check> => {
  const { base } = await gatewayApi(ctx);
  const tried = [await tryTestConnection(ctx, base), await tryLogin(ctx, base)];
  const findings = tried.flatMap((t) => (t.finding ? [t.finding] : []));
  return {
    status: 'ok',
    message: tried.map((t) => t.said).join('; '),
    facts: { 'Doors tried': tried.map((t) => t.said).join('; ') },
    findings,
  };
});
