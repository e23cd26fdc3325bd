/**
 * `POST /login` as LiteLLM 1.77.3 answers it (from the 1.77.3 source: proxy/proxy_server.py `login(request)`;
 * FACTS.md: "`POST /login` still accepts user `admin` (`UI_USERNAME`) with password = master key
 * (`UI_PASSWORD`)"; `DISABLE_ADMIN_UI` is never read here). A public route: no key, and nothing else in the
 * stand-in filters it. In the source's order:
 * 1. no master key → 500 "Master Key not set for Proxy. ..." (before the body is read);
 * 2. the body through Starlette's `request.form()`: url-encoded or multipart, any other type (JSON) is an
 *    empty form; `str(form.get(...))`, so a missing field is the string "None", and a repeated one its last value;
 * 3. ui_username = env UI_USERNAME (default "admin"), ui_password = env UI_PASSWORD, else the master key;
 *    compared with `secrets.compare_digest`, which raises TypeError on a non-ASCII str: uvicorn's plain 500;
 * 4. the user table is searched by `user_email == username` (the stand-in has no user table: never found);
 * 5. a match: `user_update` upserts the admin user (not reproduced), and without a database it raises
 *    "Not connected to DB!", re-raised as the ProxyException 400 "Authentication Error, Not connected to DB!"
 *    (so the later 500 "No Database connected" can never be reached: with a database, DATABASE_URL is always
 *    in the environment, the CLI exports it); then generate_key_helper_fn with duration "24hr" (which
 *    get_next_standardized_reset_time reads as the unknown unit "hr": the next midnight UTC), max budget 10
 *    (litellm.max_ui_session_budget), user PROXY_ADMIN_ID else default_user_id, team litellm-dashboard; a JWT
 *    (PyJWT HS256, the master key) of ReturnedUITokenObject in a `token` cookie; a 303 to `<base>/ui/?login=success`;
 * 6. no match (and no user row): 401 "Invalid credentials used to access UI.\nCheck 'UI_USERNAME', ...".
 * Not reproduced: EXPERIMENTAL_UI_LOGIN, SERVER_ROOT_PATH (always "/"), general_settings.litellm_key_header_name
 * (always "Authorization"), litellm_settings.key_generation_settings (always false), login as an invited user.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from './database.js';
import { generateKeyHelper } from './key-generate.js';
import { log } from './log.js';
import type { JsonReply } from './mcp-rest.js';
import { logEndpointException, proxyError } from './proxy-errors.js';
import { formatException, frame } from './python-traceback.js';

/** litellm_proxy_admin_name (constants.LITELLM_PROXY_ADMIN_NAME). */
const proxyAdminName = 'default_user_id';

/** urllib.parse.unquote_plus: `+` is a space, runs of %XX are decoded as UTF-8 (errors="replace"). */
function unquotePlus(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => new TextDecoder('utf-8').decode(Buffer.from(run.replace(/%/g, ''), 'hex')));
}

/**
 * Starlette's FormParser over python-multipart's QuerystringParser: fields split at `&` (empty ones skipped),
 * the name up to the first `=` (none: an empty value), both decoded as latin-1, then unquote_plus.
 */
function urlEncodedForm(raw: Buffer): Array<[string, string]> {
  return raw
    .toString('latin1')
    .split('&')
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const eq = chunk.indexOf('=');
      return eq === -1 ? [unquotePlus(chunk), ''] : [unquotePlus(chunk.slice(0, eq)), unquotePlus(chunk.slice(eq + 1))];
    });
}

/** Multipart text fields (undici's parser; file parts and a malformed body are not reproduced: no fields). */
async function multipartForm(raw: Buffer, contentType: string): Promise<Array<[string, string]>> {
  try {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    return [...form.entries()].flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : []));
  } catch {
    return [];
  }
}

/** `str(form.get(name))`: ImmutableMultiDict keeps the last value of a name; a missing one prints "None". */
async function formFields(req: IncomingMessage, raw: Buffer | undefined): Promise<(name: string) => string> {
  const header = req.headers['content-type'] ?? '';
  const type = header.split(';')[0]!.trim().toLowerCase();
  const items = type === 'application/x-www-form-urlencoded' ? urlEncodedForm(raw ?? Buffer.alloc(0)) : type === 'multipart/form-data' ? await multipartForm(raw ?? Buffer.alloc(0), header) : [];
  const fields = new Map(items);
  return (name) => fields.get(name) ?? 'None';
}

class NonAsciiCompare extends Error {}

/** secrets.compare_digest on two str: TypeError unless both are ASCII. */
function compareDigest(a: string, b: string): boolean {
  if (/[^\x00-\x7f]/.test(a) || /[^\x00-\x7f]/.test(b)) throw new NonAsciiCompare('comparing strings with non-ASCII characters is not supported');
  return a === b;
}

/** json.dumps(..., separators=(",", ":")), ensure_ascii: everything outside printable ASCII as \uXXXX. */
function pyCompactJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** PyJWT 2.9 `jwt.encode(payload, key, algorithm="HS256")`: sorted header, payload as given. */
function hs256(payload: Record<string, unknown>, key: string): string {
  const part = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  const signing = `${part(pyCompactJson({ alg: 'HS256', typ: 'JWT' }))}.${part(pyCompactJson(payload))}`;
  return `${signing}.${createHmac('sha256', Buffer.from(key, 'utf8')).update(signing).digest('base64url')}`;
}

/** proxy/utils.py join_paths. */
function joinPaths(base: string, route: string): string {
  const b = base.replace(/\/+$/, '');
  const r = route.replace(/^\/+/, '');
  if (!b) return r ? `/${r}` : '/';
  return r ? `${b}/${r}` : b;
}

/** str(request.base_url): Starlette builds it from the Host header, else the address the server listens on. */
function requestBaseUrl(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host) return `http://${host}/`;
  const address = (req.socket.localAddress ?? '0.0.0.0').replace(/^::ffff:/, '');
  return `http://${address}${req.socket.localPort === 80 ? '' : `:${req.socket.localPort ?? 4000}`}/`;
}

/** urllib.parse.quote(url, safe=":/%#?=@[]!$&'()*+,;"), as RedirectResponse writes `location`. */
function quoteUrl(url: string): string {
  const safe = /[A-Za-z0-9_.\-~:/%#?=@[\]!$&'()*+,;]/;
  return [...Buffer.from(url, 'utf8')].map((b) => (b < 0x80 && safe.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const authError = (status: number, message: string, param: string | null): JsonReply => proxyError(status, message, 'auth_error', param);

/** The endpoint. Writes uvicorn's plain-text 500 itself (and returns undefined) when compare_digest raises. */
export async function login(o: { masterKey?: string; db?: Database; req: IncomingMessage; res: ServerResponse; raw?: Buffer }): Promise<JsonReply | undefined> {
  const { masterKey, db, req, res } = o;
  if (masterKey === undefined) {
    return authError(
      500,
      'Master Key not set for Proxy. Please set Master Key to use Admin UI. Set `LITELLM_MASTER_KEY` in .env or set general_settings:master_key in config.yaml.  https://docs.litellm.ai/docs/proxy/virtual_keys. If set, use `--detailed_debug` to debug issue.',
      'master_key',
    );
  }
  const field = await formFields(req, o.raw);
  const username = field('username');
  const password = field('password');
  const uiUsername = process.env.UI_USERNAME ?? 'admin';
  const uiPassword = process.env.UI_PASSWORD ?? masterKey;
  let match: boolean;
  try {
    match = compareDigest(username, uiUsername) && compareDigest(password, uiPassword);
  } catch (error) {
    if (!(error instanceof NonAsciiCompare)) throw error;
    const stacktrace = formatException([frame('litellm/proxy/proxy_server.py', 7618, 'login', 'if secrets.compare_digest(username, ui_username) and secrets.compare_digest(')], `TypeError: ${error.message}`);
    log('ERROR', 'Exception in ASGI application\n', { logger: 'uvicorn.error', stacktrace });
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', server: 'uvicorn' }).end('Internal Server Error');
    return undefined;
  }
  if (!match) return authError(401, "Invalid credentials used to access UI.\nCheck 'UI_USERNAME', 'UI_PASSWORD' in .env file", 'invalid_credentials');

  const keyUserId = process.env.PROXY_ADMIN_ID ?? proxyAdminName;
  if (!db) {
    // user_update → _update_single_user_helper raises; user_update logs it and re-raises a ProxyException.
    logEndpointException('user_update', 'internal_user_endpoints.py', 'Not connected to DB!', 'Exception: Not connected to DB!');
    return authError(400, 'Authentication Error, Not connected to DB!', 'None');
  }
  const created = await generateKeyHelper(db, {
    duration: '24hr',
    fields: {
      key_alias: null, models: [], aliases: {}, config: {}, spend: 0, max_budget: 10, user_id: keyUserId, team_id: 'litellm-dashboard',
      max_parallel_requests: null, metadata: {}, tpm_limit: null, rpm_limit: null, allowed_cache_controls: [], permissions: {},
      model_max_budget: {}, budget_id: null, blocked: null, created_by: null, updated_by: null, allowed_routes: [], object_permission_id: null,
    },
  });
  const jwt = hs256(
    {
      user_id: proxyAdminName,
      key: created.token,
      user_email: null,
      user_role: 'proxy_admin',
      login_method: 'username_password',
      premium_user: false,
      auth_header_name: 'Authorization',
      disabled_non_admin_personal_key_creation: false,
      server_root_path: '/',
    },
    masterKey,
  );
  // get_custom_url: PROXY_BASE_URL, else the request's base URL, joined with the server root path "/".
  let ui = joinPaths(process.env.PROXY_BASE_URL ?? requestBaseUrl(req), '/');
  ui += ui.endsWith('/') ? 'ui/' : '/ui/';
  return { status: 303, body: null, headers: { location: quoteUrl(`${ui}?login=success`), 'set-cookie': `token=${jwt}; Path=/; SameSite=lax` } };
}
