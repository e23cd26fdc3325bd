/**
 * Why the MCP server cannot be used: from the host through its published port, or by LiteLLM through
 * the gateway network. LiteLLM itself only logs "unhandled errors in a TaskGroup" and shows no tools
 * (FACTS.md), so the cause is found by looking at the server the way LiteLLM would.
 */
import type { ReachResult } from '../infra/container-exec.js';
import type { TransportProbe } from '../infra/mcp-client.js';
import type { Issue } from '../core/state.js';
import { containersOf, type DeploymentContainers } from './containers.js';
import { legacyName } from '../core/paths.js';
import { notRecognised } from './not-recognised.js';

export interface ConfiguredServer {
  name: string;
  url: string;
  /** As written in config.yaml; LiteLLM 1.77.3 defaults a missing one to http. */
  transport?: string;
  /** `access_groups` as written in config.yaml (phase F compares a key's groups with them). */
  accessGroups?: string[];
}

const fixConfig = 'Remove your edit of litellm/config/config.yaml so litellm-mcp writes it again (`litellm-mcp phase c --force`), then run `litellm-mcp phase e`.';
const fixMcpCompose = 'Remove your edit of mcp/postgres/docker-compose.yml (`litellm-mcp phase d --force`), then run `litellm-mcp phase e`.';

// What Python's socket module says when a name does not resolve (the reach probe is a Python one-liner).
const unresolved = /socket\.gaierror|Name or service not known|Temporary failure in name resolution|No address associated with hostname/;

function boundToLoopback(command: readonly string[]): boolean {
  return /--sse-host[= ](127\.0\.0\.1|localhost)\b/.test(command.join(' '));
}

/** The server does not answer usefully on its published port. */
export function diagnoseDirect(probe: TransportProbe, hostUrl: string, command: readonly string[], containerPort: number, containers: DeploymentContainers = containersOf(legacyName)): Issue {
  const seen = probe.evidence.join('; ');
  if (probe.hostRejected) return hostRejected(hostUrl.replace(/^https?:\/\//, ''), seen);
  if (probe.failure && ['ECONNRESET', 'EPIPE'].includes(probe.failure.code)) {
    return {
      problem: `The MCP server's published port (${hostUrl}) accepts connections and closes them (${seen}).`,
      cause: boundToLoopback(command)
        ? 'the server is bound to 127.0.0.1 inside its container (--sse-host=127.0.0.1), so nothing from outside the container reaches it'
        : `port mismatch: nothing listens on container port ${containerPort}, which the host port is published to`,
      fix: `Let it listen on 0.0.0.0:${containerPort} inside the container (no --sse-host or --sse-port override). ${fixMcpCompose}`,
    };
  }
  if (probe.failure?.code === 'ECONNREFUSED') {
    return {
      problem: `Nothing accepts connections on the MCP server's published port (${hostUrl}).`,
      cause: 'the MCP container is not running, or publishes another host port than --mcp-port',
      fix: `Check \`docker ps\` for ${containers.mcp} and its ports; run \`litellm-mcp phase e\` to start it.`,
    };
  }
  if (probe.speaks === 'http') {
    return {
      problem: `The MCP server speaks streamable HTTP only (${seen}), but LiteLLM is configured for SSE.`,
      cause: 'transport mismatch between config and server',
      fix: 'Use an MCP image that serves SSE (crystaldba/postgres-mcp v0.3.0 with --transport=sse), or configure LiteLLM with transport: http and the /mcp URL.',
    };
  }
  // Every probe got an HTTP answer, none of them MCP: what listens there serves no SSE at /sse.
  if (!probe.failure && probe.evidence.length) {
    return {
      problem: `The MCP server answers neither SSE nor streamable HTTP on ${hostUrl} (${seen}).`,
      cause: 'transport mismatch: the server is not serving SSE at /sse',
      fix: `Run it with --transport=sse (the server's default is stdio). ${fixMcpCompose}`,
    };
  }
  return notRecognised({
    subject: `The MCP server's published port (${hostUrl}) gave no usable answer`,
    failing: seen || (probe.failure ? `${probe.failure.code}: ${probe.failure.message}` : 'no answer'),
    failingLabel: 'Probes',
    readAll: `docker logs ${containers.mcp}`,
    then: 'then run `litellm-mcp phase e` again',
  });
}

function hostRejected(host: string, seen: string): Issue {
  return {
    problem: `The MCP server answers 421 Misdirected Request to requests for ${host} (${seen}).`,
    cause: 'the server rejects the Host header: images built with python mcp >= 1.23 accept only localhost and 127.0.0.1',
    fix: 'Pin --mcp-image to a build that accepts other Host headers (crystaldba/postgres-mcp v0.3.0), or allow the host name in the server’s settings, then run `litellm-mcp phase d` and `litellm-mcp phase e`.',
  };
}

export interface GatewayObservations {
  /** The deployment's containers, for the commands a fix names (legacy names when not given). */
  containers?: DeploymentContainers;
  configured: ConfiguredServer;
  /** What LiteLLM must use: the service name and container port, /sse, transport sse. */
  expected: { host: string; port: number; path: string };
  /** The server through its published port, with the Host header LiteLLM sends. */
  asLitellm: TransportProbe;
  /** From inside the LiteLLM container to the configured host and port. */
  reach?: ReachResult;
  command: readonly string[];
}

/** LiteLLM lists no tools from the server although the server answers directly. */
export function diagnoseGatewayTools(o: GatewayObservations): Issue {
  const containers = o.containers ?? containersOf(legacyName);
  const { configured, expected } = o;
  const url = new URL(configured.url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const transport = configured.transport ?? 'http (the default, as the config names none)';
  const none = `LiteLLM lists no tools from "${configured.name}" (${configured.url}), although the MCP server answers directly.`;
  if (configured.transport !== 'sse' || url.pathname.replace(/\/$/, '') !== expected.path) {
    return {
      problem: `${none} LiteLLM uses transport ${transport} at path ${url.pathname}.`,
      cause: 'transport mismatch between config and server: the server speaks SSE at /sse; a streamable-HTTP POST to /sse gets 405 (404 from some servers), and /mcp does not exist on an SSE-only server',
      fix: `Set \`transport: sse\` and the URL http://${expected.host}:${expected.port}${expected.path} for "${configured.name}". ${fixConfig}`,
    };
  }
  if (['localhost', '127.0.0.1', '::1'].includes(url.hostname)) {
    return {
      problem: `${none} Its URL points at ${url.hostname}.`,
      cause: '`localhost` inside the LiteLLM container is LiteLLM itself, not the MCP server',
      fix: `Use the service name and container port: http://${expected.host}:${expected.port}${expected.path}. ${fixConfig}`,
    };
  }
  if (o.reach && !o.reach.reachable && unresolved.test(o.reach.error ?? '')) {
    return {
      problem: `${none} The LiteLLM container cannot resolve ${url.hostname} (${o.reach.error}).`,
      cause: `${url.hostname} is not a container on any of LiteLLM's networks`,
      fix: `Use the MCP service name ${expected.host}, on the gateway network both stacks join. ${fixConfig}`,
    };
  }
  const refused = o.reach && !o.reach.reachable && /ConnectionRefusedError|Connection refused/.test(o.reach.error ?? '') ? o.reach.error : undefined;
  if (refused && port !== expected.port) {
    return {
      problem: `${none} From the LiteLLM container, ${url.hostname}:${port} refuses connections (${refused}).`,
      cause: `port mismatch: the URL says ${port}, the server listens on container port ${expected.port} (the host port is only for the host)`,
      fix: `Use http://${expected.host}:${expected.port}${expected.path}. ${fixConfig}`,
    };
  }
  if (refused) {
    return {
      problem: `${none} From the LiteLLM container, ${url.hostname}:${port} refuses connections (${refused}).`,
      cause: boundToLoopback(o.command) ? 'the server is bound to 127.0.0.1 inside its container (--sse-host=127.0.0.1)' : `nothing listens on ${url.hostname}:${port}`,
      fix: `Let the server listen on 0.0.0.0:${expected.port}. ${fixMcpCompose}`,
    };
  }
  if (o.asLitellm.hostRejected) return hostRejected(url.host, o.asLitellm.evidence.join('; '));
  // LiteLLM logs only "unhandled errors in a TaskGroup" naming no server (FACTS.md): nothing to judge by.
  return notRecognised({
    subject: none,
    failing: [o.asLitellm.evidence.join('; '), o.reach && !o.reach.reachable ? `from the LiteLLM container: ${o.reach.error ?? 'not reachable'}` : ''].filter(Boolean).join('; '),
    failingLabel: 'Probes',
    readAll: `docker logs ${containers.litellm}`,
    then: `read the lines around "MCP client connection failed" and the server's own log (\`docker logs ${containers.mcp}\`), check auth_type, then run \`litellm-mcp phase e\` again`,
  });
}
