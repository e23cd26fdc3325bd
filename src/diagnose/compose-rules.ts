/**
 * The Docker daemon's and compose's refusals, each by its own phrase. A word shared by unrelated errors
 * is no evidence: `dial tcp` is in a registry failure, a logging-driver failure and a socket error alike,
 * and `Get "http://…"` is also the client's own request to the Docker socket. A registry is recognised by
 * its `/v2/` API path.
 */
import { quote, type Rule } from './rule.js';

export interface ComposeJudgement {
  images: readonly string[];
  /** Who holds the port of a bind failure, when it could be told: "container traefik", "process nginx (pid 812)". */
  holder?: string;
  /** The option that moves the port of a bind failure, when the port is one of the answers. */
  portFlag?: string;
  /** The option that sets each image (`--postgres-image` …), so a pull failure names the one to change. */
  imageOptions?: Readonly<Record<string, string>>;
}

/**
 * The image a pull failure is about (named in the line, else the only one of the stack) with the option
 * that sets it; the fix names that option alone. Several candidates: each with its own.
 */
export function mirrorFix(s: ComposeJudgement, named?: string): string {
  const bare = (ref: string) => ref.replace(/^(docker\.io\/)?(library\/)?/, '');
  const matches = named ? s.images.filter((i) => bare(i) === bare(named) || bare(i).startsWith(`${bare(named)}:`)) : [];
  // The line's own image is the one that failed, whether or not the stack's list spells it the same way.
  const images = matches.length ? matches : named ? [named] : s.images;
  const option = (image: string) => s.imageOptions?.[image] ?? 'the image option';
  if (images.length === 1) {
    const image = images[0]!;
    const path = bare(image).replace(/^[^/]+\.[^/]+\//, '');
    const flag = option(image);
    return `Check the name and tag of ${image}, or pull it on a machine with access and push it to a mirror you can reach, then point ${flag} at it (e.g. ${flag} registry.lan/${path}) and run \`litellm-mcp init\` again.`;
  }
  return `Check the names and tags (${images.map((i) => `${i}: ${option(i)}`).join('; ')}), or pull them on a machine with access and push them to a mirror you can reach, then point those options at it and run \`litellm-mcp init\` again.`;
}

// "Bind for 0.0.0.0:4000 failed: port is already allocated" (a container holds it), "listen tcp4
// 0.0.0.0:4000: bind: address already in use" (a host process), and newer engines' "failed to bind host
// port for 0.0.0.0:4000:172.18.0.2:4000/tcp: address already in use".
export const hostPortTaken = /Bind for \S*:(\d+) failed: port is already allocated|listen tcp\d? \S*:(\d+): bind: address already in use|failed to bind host port for \S*?:(\d+):\S*: address already in use/;

export const composeRules: readonly Rule<ComposeJudgement>[] = [
  {
    evidence: '`permission denied while trying to connect to the Docker daemon socket`',
    pattern: /permission denied while trying to connect to the Docker (?:daemon socket|API) at (\S+?):? /i,
    issue: (m, _s, line) => ({
      problem: `Docker refused this user: ${quote(line)}`,
      cause: `this user may not use the Docker socket ${m[1]}`,
      fix: 'Add the user to the `docker` group (`sudo usermod -aG docker $USER`, then log in again), or run litellm-mcp as a user that may use Docker.',
    }),
  },
  {
    evidence: '`Cannot connect to the Docker daemon at … Is the docker daemon running?`',
    pattern: /Cannot connect to the Docker daemon at (\S+?)\. Is the docker daemon running\?/,
    issue: (m, _s, line) => ({
      problem: `No Docker daemon answered: ${quote(line)}`,
      cause: `no Docker daemon listens at ${m[1]}`,
      fix: 'Start Docker (`sudo systemctl start docker`), or point DOCKER_HOST at the daemon you use, and run the phase again.',
    }),
  },
  {
    evidence: '`failed to initialize logging driver: …`',
    pattern: /failed to initialize logging driver: (.*)/,
    issue: (m, _s, line) => ({
      problem: `Docker could not start a container's logging: ${quote(line)}`,
      cause: `the container's logging driver could not start (${m[1]}): its endpoint does not answer`,
      fix: 'Start what the logging driver sends to, or use another driver: `logging:` in the compose file, or `log-driver` in /etc/docker/daemon.json; then run the phase again.',
    }),
  },
  {
    evidence: '`Bind for …:PORT failed: port is already allocated`, `listen tcp …:PORT: bind: address already in use`, `failed to bind host port for …:PORT:…`',
    pattern: hostPortTaken,
    issue: (m, s, line) => {
      const port = m[1] ?? m[2] ?? m[3];
      const holder = s.holder ?? (m[1] ? 'another container' : 'another process');
      return {
        problem: `A host port is taken: ${quote(line)}`,
        cause: `${holder} already holds host port ${port}`,
        fix: `Stop ${s.holder ?? 'what holds the port'}, or choose another port (${s.portFlag ?? '--litellm-port / --mcp-port'}) and run \`litellm-mcp init\` again.`,
      };
    },
  },
  {
    evidence: '`pull access denied for IMAGE`',
    pattern: /pull access denied for ([^,\s]+)/,
    issue: (m, s, line) => ({
      problem: `An image could not be pulled: ${quote(line)}`,
      cause: `the image name is wrong, or its registry requires \`docker login\` (pull access denied for ${m[1]})`,
      fix: mirrorFix(s, m[1]),
    }),
  },
  {
    evidence: '`manifest unknown`, `manifest for … not found`, `failed to resolve reference "…": … not found`',
    pattern: /manifest for (\S+) not found|manifest unknown|failed to resolve reference "([^"]+)": [^\n]*\bnot found\b/,
    issue: (m, s, line) => ({
      problem: `An image could not be found: ${quote(line)}`,
      cause: `the image name or tag is wrong: the registry has no manifest for ${m[1] ?? m[2] ?? s.images.join(', ')}`,
      fix: mirrorFix(s, m[1] ?? m[2]),
    }),
  },
  {
    evidence: 'a failed `Get`/`Head "https://REGISTRY/v2/…"` (no such host, i/o timeout, connection refused, …)',
    pattern: /(?:Get|Head) "https?:\/\/([^/"]+)\/v2\/[^"]*": (.*)/,
    issue: (m, s, line) => ({
      problem: `An image could not be found or pulled: ${quote(line)}`,
      cause: `the image name or tag is wrong, or this host cannot reach the registry (${s.images.join(', ')}; ${m[1]}: ${m[2]!.replace(/^.*: /, '')})`,
      fix: mirrorFix(s),
    }),
  },
  {
    evidence: '`No such image: IMAGE`',
    pattern: /No such image: (\S+)/,
    issue: (m, s, line) => ({
      problem: `An image is missing: ${quote(line)}`,
      cause: `the image name or tag is wrong, or ${m[1]} is not on this host and compose does not pull it (pull_policy)`,
      fix: mirrorFix(s, m[1]),
    }),
  },
];
