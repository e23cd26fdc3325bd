/**
 * What is wrong with a hand-made deployment, each with its evidence, cause and fix: the same knowledge
 * as phase E's diagnoses (FACTS.md), applied to files and containers someone else made. Pure: the files
 * as read and the containers as found in, findings out. A value is never quoted, only named.
 */
import type { HandMade, HandService, HandStack } from './hand-made.js';
import { commandFlag as flag, isLitellm, isPostgres, isPostgresMcp, networkNames, postgresMcpServes, shown } from './hand-made.js';
import { databaseUrlProblems } from './database-url-problem.js';
import { serviceKey, type Running, type RunningService } from './running.js';
import { yaml } from '../infra/yaml.js';

export interface AdoptFinding {
  severity: 'error' | 'warning';
  /** File and place: `litellm/.env → DATABASE_URL`, `config.yaml → mcp_servers.db`. */
  where: string;
  problem: string;
  evidence: string;
  cause?: string;
  fix: string;
}

interface Located {
  stack: HandStack;
  service: HandService;
  running?: RunningService;
}

const secretName = /(KEY|PASSWORD|SECRET|TOKEN)$/i;

function dockerNetworks(l: Located): string[] {
  return networkNames(l.stack, l.service);
}

function databaseUrlFindings(h: HandMade, l: Located, key: 'DATABASE_URL' | 'DATABASE_URI'): AdoptFinding[] {
  const url = l.service.environment[key];
  if (!url) return [];
  const p1013 = l.running?.logs.find((line) => /\bP1013\b/.test(line));
  return databaseUrlProblems(url).map((p) => ({
    severity: 'error' as const,
    where: `${shown(h, l.stack.file)} → ${l.service.name} → ${key}`,
    problem: `${key} of ${l.service.name}: ${p.problem}`,
    evidence: p1013 ? `${l.running!.container}${downState(l.running!)} logged: ${p1013.trim().slice(0, 240)}` : `read from the value ${key} has in ${l.service.name}'s environment (its env file or the compose file)`,
    cause: p.cause,
    fix: 'Percent-encode the user and password (encodeURIComponent) and use the database container\'s name as host; `litellm-mcp adopt` writes it so.',
  }));
}

/** ` (restarting, exit code 3)` for a container that is not up, else nothing. */
function downState(r: RunningService): string {
  if (r.state === 'running' && r.health !== 'unhealthy') return '';
  return ` (${r.state}${r.health === 'unhealthy' ? ', unhealthy' : ''}${r.exitCode !== undefined ? `, exit code ${r.exitCode}` : ''})`;
}

/** A container whose down state a finding already explains from its own logs (P1013): said there, once. */
const explainedByLogs = (l: Located) => Boolean(l.running?.logs.some((line) => /\bP1013\b/.test(line)) && databaseUrlProblems(l.service.environment.DATABASE_URL ?? l.service.environment.DATABASE_URI ?? '').length);

function mcpServerFindings(h: HandMade, all: Located[], litellm: Located | undefined): AdoptFinding[] {
  if (!h.config) return [];
  const config = (yaml().parse(h.config.text) ?? {}) as { mcp_servers?: Record<string, { url?: string; transport?: string }> };
  const findings: AdoptFinding[] = [];
  const where = (name: string) => `${shown(h, h.config!.file)} → mcp_servers.${name}`;
  for (const [name, entry] of Object.entries(config.mcp_servers ?? {})) {
    if (name.includes('-')) findings.push({ severity: 'error', where: where(name), problem: `The MCP server name "${name}" holds "-"`, evidence: `mcp_servers: ${name}`, cause: 'LiteLLM 1.77.3 splits tool names at "-": its config loading fails on such a name', fix: `Rename it with "_" (e.g. ${name.replace(/-/g, '_')}).` });
    if (!entry.url) continue;
    const url = new URL(entry.url);
    const transport = entry.transport ?? 'http';
    if (/^(localhost|127\.0\.0\.1)$/.test(url.hostname)) {
      findings.push({ severity: 'error', where: where(name), problem: `${name} points at ${url.hostname}`, evidence: `url: ${entry.url}`, cause: 'inside the LiteLLM container localhost is LiteLLM itself', fix: 'Use the MCP server\'s compose service name on a network both containers join.' });
      continue;
    }
    const server = all.find((l) => l.service.name === url.hostname);
    if (!server) continue;
    if (litellm && !dockerNetworks(server).some((n) => dockerNetworks(litellm).includes(n))) {
      findings.push({ severity: 'error', where: where(name), problem: `LiteLLM and ${server.service.name} share no network: the name ${url.hostname} does not resolve from LiteLLM`, evidence: `LiteLLM joins ${dockerNetworks(litellm).join(', ')}; ${server.service.name} joins ${dockerNetworks(server).join(', ')}`, fix: 'Put both on one network (litellm-mcp puts them on the gateway network).' });
    }
    if (!isPostgresMcp(server.service)) continue;
    const serves = postgresMcpServes(server.service);
    if (serves.transport !== 'sse') {
      findings.push({ severity: 'error', where: `${shown(h, server.stack.file)} → ${server.service.name} → command`, problem: `postgres-mcp runs in stdio mode: it never opens a port for LiteLLM`, evidence: `its command (${server.service.command.join(' ') || 'none'}) has no --transport=sse; stdio is postgres-mcp's default`, cause: 'in stdio mode the server keeps running with no port (FACTS.md), so the container looks up and LiteLLM cannot connect', fix: 'Start it with --transport=sse (litellm-mcp does).' });
    } else if (transport !== 'sse') {
      findings.push({ severity: 'error', where: where(name), problem: `${name} is reached with ${entry.transport ? `transport ${transport}` : 'LiteLLM\'s default transport (streamable HTTP)'}, but postgres-mcp speaks SSE`, evidence: `config.yaml: ${entry.transport ? `transport: ${transport}` : 'no transport'}; ${server.service.name}'s command: --transport=sse`, cause: 'LiteLLM posts MCP requests to the URL, which an SSE server answers with 404 or 405', fix: `Set transport: sse and url: http://${url.hostname}:${serves.port}/sse.` });
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    if (port !== serves.port) {
      const published = server.service.ports.find((p) => p.published === port);
      findings.push({ severity: 'error', where: where(name), problem: `${name}'s URL uses port ${port}, but postgres-mcp listens on ${serves.port} in its container`, evidence: `url: ${entry.url}; ${server.service.name}: ${flag(server.service.command, '--sse-port') ? `--sse-port ${serves.port}` : `no --sse-port, so ${serves.port}`}${published ? `; ${port} is its published host port, which only this host's own address reaches` : ''}`, fix: `Use port ${serves.port} in the URL: inside Docker, containers dial each other's container port.` });
    }
    if (serves.transport === 'sse' && transport === 'sse' && !url.pathname.endsWith('/sse')) {
      findings.push({ severity: 'error', where: where(name), problem: `${name}'s SSE URL does not end in /sse`, evidence: `url: ${entry.url}`, cause: 'postgres-mcp serves its event stream at /sse only (FACTS.md)', fix: `Use http://${url.hostname}:${serves.port}/sse.` });
    }
  }
  return findings;
}

function healthcheckFindings(h: HandMade, l: Located): AdoptFinding[] {
  const test = l.service.healthcheck;
  if (!test || !isPostgresMcp(l.service)) return [];
  const line = test.join(' ');
  const tool = /\b(curl|wget)\b/.exec(line)?.[1];
  const path = /https?:\/\/[^/\s]+(\/[^\s'"]*)/.exec(line)?.[1];
  const problems = [tool ? `it runs ${tool}, which the postgres-mcp image does not have` : '', path && path !== '/sse' ? `it asks for ${path}, which postgres-mcp does not serve (no /health)` : ''].filter(Boolean);
  if (!problems.length) return [];
  const seen = l.running?.healthOutput ? `; ${l.running.container}'s last check said: ${l.running.healthOutput}` : l.running?.health ? `; ${l.running.container} is ${l.running.health}` : '';
  return [{
    severity: 'error', where: `${shown(h, l.stack.file)} → ${l.service.name} → healthcheck`,
    problem: `The healthcheck of ${l.service.name} can never pass: ${problems.join(', and ')}`,
    evidence: `test: ${line}${seen}`,
    cause: 'postgres-mcp has no /health endpoint and no curl or wget; python is there (FACTS.md)',
    fix: 'Check the port instead: python -c "import socket;socket.create_connection((\'127.0.0.1\',8000),2)" (litellm-mcp writes that).',
  }];
}

function privilegeFindings(h: HandMade, l: Located, all: Located[]): AdoptFinding[] {
  if (!isPostgresMcp(l.service)) return [];
  const out: AdoptFinding[] = [];
  const uri = l.service.environment.DATABASE_URI ?? '';
  const user = decodeURIComponent(/^postgres(?:ql)?:\/\/([^:@/]*)/.exec(uri)?.[1] ?? '');
  const admins = new Set(['postgres', ...all.filter((x) => isPostgres(x.service)).map((x) => x.service.environment.POSTGRES_USER ?? 'postgres')]);
  if (user && admins.has(user)) {
    out.push({ severity: 'error', where: `${shown(h, l.stack.file)} → ${l.service.name} → DATABASE_URI`, problem: `The MCP server connects as ${user}, the database's admin`, evidence: `DATABASE_URI names the user ${user}`, cause: 'every tool call an AI client makes then runs with the admin\'s rights: one prompt away from any change to any database', fix: 'Give it a read-only role of its own (litellm-mcp creates mcp_readonly: CONNECT, USAGE, SELECT).' });
  }
  if ((flag(l.service.command, '--access-mode') ?? 'unrestricted') !== 'restricted') {
    out.push({ severity: 'warning', where: `${shown(h, l.stack.file)} → ${l.service.name} → command`, problem: 'postgres-mcp runs in unrestricted mode: it runs any SQL a client sends', evidence: `--access-mode is ${flag(l.service.command, '--access-mode') ?? 'not given (unrestricted by default)'}`, fix: 'Use --access-mode=restricted (read-only SQL).' });
  }
  return out;
}

function secretFindings(h: HandMade, l: Located): AdoptFinding[] {
  const written = [...l.service.literal].filter((k) => (secretName.test(k) || /^DATABASE_UR[IL]$/.test(k)) && l.service.environment[k]);
  if (!written.length) return [];
  return [{ severity: 'warning', where: `${shown(h, l.stack.file)} → ${l.service.name} → environment`, problem: `Secrets written in the compose file: ${written.join(', ')}`, evidence: `${written.join(', ')} ${written.length > 1 ? 'have' : 'has'} a value in ${shown(h, l.stack.file)} itself`, cause: 'a compose file is read by anyone who can read the folder, shown by `docker compose config` and often committed', fix: 'Keep them in an env file of mode 0600 (litellm-mcp moves them into secrets/).' }];
}

/** LiteLLM started without --config runs with no models and no MCP servers; it falls back to no file (FACTS.md). */
function litellmConfigFlagFindings(h: HandMade, l: Located): AdoptFinding[] {
  if (!isLitellm(l.service) || flag(l.service.command, '--config')) return [];
  return [{ severity: 'error', where: `${shown(h, l.stack.file)} → ${l.service.name} → command`, problem: 'LiteLLM is started without --config', evidence: `its command: ${l.service.command.join(' ') || 'the image\'s default'}`, cause: 'without --config LiteLLM runs with no models and no MCP servers; it does not fall back to /app/config.yaml', fix: 'Start it with --config /app/config.yaml and mount your config.yaml there (litellm-mcp does).' }];
}

function runningFindings(h: HandMade, l: Located): AdoptFinding[] {
  const r = l.running;
  if (!r || (r.state === 'running' && r.health !== 'unhealthy')) return [];
  if (isPostgresMcp(l.service) && l.service.healthcheck && r.health === 'unhealthy') return []; // said by its healthcheck's finding
  // Restarting or exited on P1013: the DATABASE_URL finding names it with its state, whenever it is sampled.
  if (explainedByLogs(l)) return [];
  const last = r.logs.at(-1)?.trim();
  return [{ severity: 'error', where: `${shown(h, l.stack.file)} → ${l.service.name}`, problem: `${r.container} is ${r.state}${r.health === 'unhealthy' ? ', unhealthy' : ''}${r.exitCode !== undefined ? ` (exit code ${r.exitCode}${r.restarts ? `, restarted ${r.restarts} times` : ''})` : ''}`, evidence: last ? `its last log line: ${last.slice(0, 240)}` : 'it logged nothing', fix: `Read \`docker logs ${r.container}\`: a cause recognised in its files is named above; if none is, this one is not recognised.` }];
}

export function adoptFindings(h: HandMade, running: Running): AdoptFinding[] {
  const all: Located[] = h.stacks.flatMap((stack) => stack.services.map((service) => {
    const r = running.get(serviceKey(stack.file, service.name));
    return { stack, service, ...(r ? { running: r } : {}) };
  }));
  const litellm = all.find((l) => isLitellm(l.service));
  return [
    ...all.flatMap((l) => litellmConfigFlagFindings(h, l)),
    ...all.flatMap((l) => (isLitellm(l.service) ? databaseUrlFindings(h, l, 'DATABASE_URL') : isPostgresMcp(l.service) ? databaseUrlFindings(h, l, 'DATABASE_URI') : [])),
    ...mcpServerFindings(h, all, litellm),
    ...all.flatMap((l) => healthcheckFindings(h, l)),
    ...all.flatMap((l) => privilegeFindings(h, l, all)),
    ...all.flatMap((l) => secretFindings(h, l)),
    ...all.flatMap((l) => runningFindings(h, l)),
  ];
}
