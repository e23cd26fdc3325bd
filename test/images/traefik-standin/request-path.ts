/**
 * What Traefik does to a request's path and host before routing (pkg/server/server_entrypoint_tcp.go and
 * pkg/muxer/http/mux.go), so rules see what they see in Traefik and the backend gets the same path:
 * 1. normalizePath: percent-encodings upper-cased, encoded unreserved characters (A-Z a-z 0-9 - . _ ~)
 *    decoded; a `%` not followed by two hex digits is a 400;
 * 2. sanitizePath (on by default in v3): `.` and `..` segments and repeated slashes removed, as Go's
 *    URL.JoinPath() does (path.Clean, keeping a trailing slash); this path is also the one forwarded;
 * 3. the routing path: every percent-encoding decoded except the reserved characters (and `%` itself), so
 *    PathPrefix(`/foo bar`) matches /foo%20bar but /a%2Fb stays one segment;
 * 4. the host: the Host header without its port, lower-cased (requestdecorator, CanonicalDomain).
 */

const unreserved = /^[A-Za-z0-9\-._~]$/;
const reserved = new Set([':', '/', '?', '#', '[', ']', '@', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', '%']);

export class BadRequest extends Error {}

function normalizeEncodings(path: string): string {
  return path.replace(/%(..)?/gs, (all, hex: string | undefined) => {
    if (!hex || !/^[0-9a-fA-F]{2}$/.test(hex)) throw new BadRequest(`invalid percent-encoding in ${path}`);
    const c = String.fromCharCode(parseInt(hex, 16));
    return unreserved.test(c) ? c : all.toUpperCase();
  });
}

/** Go's path.Clean on an absolute path, keeping one trailing slash as URL.JoinPath does. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const cleaned = `/${out.join('/')}`;
  return path.endsWith('/') && !cleaned.endsWith('/') ? `${cleaned}/` : cleaned;
}

export function routingPath(escapedPath: string): string {
  return escapedPath.replace(/%([0-9A-F]{2})/g, (all, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    if (reserved.has(c)) return all;
    // Bytes of a multi-byte UTF-8 character are decoded together, below.
    return parseInt(hex, 16) < 0x80 ? c : all;
  }).replace(/(?:%[89A-F][0-9A-F])+/g, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch {
      return seq;
    }
  });
}

export interface RequestTarget {
  /** Normalized and sanitized, still escaped: what is forwarded. */
  path: string;
  /** Raw query string with its `?`, or ''. */
  query: string;
  routingPath: string;
}

/** From the request-target Node gives (`/a/b?x=1`, or an absolute URL). */
export function requestTarget(raw: string): RequestTarget {
  let target = raw;
  if (!target.startsWith('/')) {
    const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(target);
    if (!m) throw new BadRequest(`invalid request target ${raw}`);
    target = m[1] || '/';
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const q = target.indexOf('?');
  const rawPath = q >= 0 ? target.slice(0, q) : target;
  const query = q >= 0 ? target.slice(q) : '';
  const path = cleanPath(normalizeEncodings(rawPath));
  return { path, query, routingPath: routingPath(path) };
}

/** requestdecorator.parseHost + CanonicalDomain. */
export function canonicalHost(hostHeader: string | undefined): string {
  const host = (hostHeader ?? '').trim();
  if (!host.includes(':')) return host.toLowerCase();
  const v6 = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  if (v6) return v6[1]!.toLowerCase();
  const colon = host.lastIndexOf(':');
  // One colon: host:port. Several without brackets: a bare IPv6 address, kept as is (SplitHostPort fails).
  return (host.indexOf(':') === colon ? host.slice(0, colon) : host).toLowerCase();
}
