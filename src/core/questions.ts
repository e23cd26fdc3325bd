/**
 * Every question is also a flag, an environment variable and an answers-file key (create-cloudflare's
 * rule). This table is the one place that holds the prompts, the defaults and the validators.
 */
import { providers, type AnswerKey, type Answers } from './answers.js';
import * as v from './validators.js';
import { legacyName } from './paths.js';

/** `list`: free items, comma-separated or a YAML list (`multiselect` picks among options). */
export type QuestionKind = 'text' | 'number' | 'limit' | 'select' | 'confirm' | 'multiselect' | 'list';

export interface Question {
  key: AnswerKey;
  message: string;
  kind: QuestionKind;
  /** Default from what is already answered (the runbook's values). */
  initial: (a: Partial<Answers>) => string;
  validate: v.Validator;
  options?: ReadonlyArray<{ value: string; label: string; hint?: string }>;
  /** Asked only when this holds for the answers so far. */
  when?: (a: Partial<Answers>) => boolean;
  /** A flag, variable and answers-file key only: the wizard does not ask it (its default suits most). */
  advanced?: true;
}

const shared = (a: Partial<Answers>) => a.dbStrategy === 'shared';
const dedicated = (a: Partial<Answers>) => a.dbStrategy !== 'shared';
const withTraefik = (a: Partial<Answers>) => a.traefik === true;
const onSwarm = (a: Partial<Answers>) => a.target === 'swarm';
const withRedis = (a: Partial<Answers>) => a.target === 'swarm' && (a.litellmReplicas ?? 2) > 1;
const always = (value: string) => () => value;

/**
 * Default host ports from the deployment name: the ones of today for a deployment made before names
 * existed, else an offset of 10 to 990 from its name, so a second deployment does not ask for the same
 * ports (phase A still checks they are free).
 */
export function defaultPorts(name: string | undefined): { litellm: number; mcp: number } {
  if (name === undefined || name === legacyName) return { litellm: 4000, mcp: 18010 };
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const offset = 10 * (1 + (h % 99));
  return { litellm: 4000 + offset, mcp: 18010 + offset };
}

export const questions: readonly Question[] = [
  // First: the defaults of the network, the ports and the log label come from it.
  { key: 'name', message: 'Deployment name (its compose projects, containers and network)', kind: 'text', initial: always(legacyName), validate: v.deploymentName, advanced: true },
  { key: 'host', message: 'Host name of this Docker host on your LAN', kind: 'text', initial: always('linuxserver.lan'), validate: v.hostName },
  { key: 'litellmImage', message: 'LiteLLM image (pinned; a mirror works too)', kind: 'text', initial: always('ghcr.io/berriai/litellm:v1.77.3-stable'), validate: v.imageRef },
  { key: 'litellmPort', message: 'Host port for LiteLLM', kind: 'number', initial: (a) => String(defaultPorts(a.name).litellm), validate: v.port },
  { key: 'bindAddress', message: 'Address LiteLLM is published on (0.0.0.0 = every interface)', kind: 'text', initial: always('0.0.0.0'), validate: v.bindAddress },
  {
    key: 'dbStrategy', message: 'Which PostgreSQL should LiteLLM use?', kind: 'select', initial: always('dedicated'),
    validate: v.oneOf(['dedicated', 'shared']),
    options: [
      { value: 'dedicated', label: 'A dedicated PostgreSQL container', hint: 'nothing else needed' },
      { value: 'shared', label: 'An existing shared PostgreSQL', hint: 'needs an admin login' },
    ],
  },
  { key: 'postgresImage', message: 'PostgreSQL image for the dedicated database', kind: 'text', initial: always('postgres:16-alpine'), validate: v.imageRef, when: dedicated },
  { key: 'dbHost', message: 'Shared PostgreSQL host name inside Docker (its container or service name)', kind: 'text', initial: always('postgres'), validate: v.hostName, when: shared },
  { key: 'dbPort', message: 'Shared PostgreSQL port inside Docker', kind: 'number', initial: always('5432'), validate: v.port, when: shared },
  { key: 'dbAdminUser', message: 'Shared PostgreSQL admin user', kind: 'text', initial: always('postgres'), validate: v.all(v.required, v.sqlRole), when: shared },
  { key: 'postgresNetwork', message: 'Existing Docker network of the shared PostgreSQL', kind: 'text', initial: always('postgres-net'), validate: v.dockerNetwork, when: shared },
  { key: 'dbName', message: 'Database for LiteLLM', kind: 'text', initial: always('litellm_db'), validate: v.sqlDatabase },
  { key: 'dbUser', message: 'Login role for LiteLLM', kind: 'text', initial: always('litellm_user'), validate: v.sqlRole },
  { key: 'network', message: 'Docker network for the gateway (created if missing)', kind: 'text', initial: (a) => `${a.name ?? legacyName}-net`, validate: v.dockerNetwork },
  { key: 'extraNetworks', message: 'More existing Docker networks LiteLLM joins (comma-separated; e.g. the one Open WebUI reaches it on)', kind: 'list', initial: always('none'), validate: v.eachOf(v.dockerNetwork), advanced: true },
  { key: 'traefik', message: 'Add Traefik labels to LiteLLM?', kind: 'confirm', initial: always('false'), validate: v.oneOf(['true', 'false']) },
  { key: 'traefikNetwork', message: 'Existing Traefik network', kind: 'text', initial: always('traefik-proxy'), validate: v.dockerNetwork, when: withTraefik },
  { key: 'traefikHost', message: 'Host name Traefik routes to LiteLLM', kind: 'text', initial: (a) => `litellm.${a.host ?? 'linuxserver.lan'}`, validate: v.hostName, when: withTraefik },
  { key: 'traefikEntrypoint', message: 'Traefik entrypoint', kind: 'text', initial: always('web'), validate: v.traefikEntrypoint, when: withTraefik },
  {
    key: 'models', message: 'Providers to add beside the mock model', kind: 'multiselect', initial: always('none'),
    validate: v.listOf(providers),
    options: [
      { value: 'openai', label: 'OpenAI gpt-4o', hint: 'OPENAI_API_KEY' },
      { value: 'anthropic', label: 'Anthropic claude-3-5-sonnet', hint: 'ANTHROPIC_API_KEY' },
      { value: 'gemini', label: 'Google Gemini', hint: 'GEMINI_API_KEY' },
    ],
  },
  { key: 'mcpImage', message: 'PostgreSQL MCP server image', kind: 'text', initial: always('crystaldba/postgres-mcp'), validate: v.imageRef },
  { key: 'mcpPort', message: 'Host port for the MCP server', kind: 'number', initial: (a) => String(defaultPorts(a.name).mcp), validate: v.port },
  { key: 'mcpBindAddress', message: 'Address the MCP server is published on', kind: 'text', initial: always('127.0.0.1'), validate: v.bindAddress },
  {
    key: 'mcpAccessMode', message: 'MCP access mode', kind: 'select', initial: always('restricted'),
    validate: v.oneOf(['restricted', 'unrestricted']),
    options: [
      { value: 'restricted', label: 'restricted', hint: 'read-only SQL' },
      { value: 'unrestricted', label: 'unrestricted', hint: 'any SQL; not advised' },
    ],
  },
  { key: 'mcpDatabase', message: 'Database the MCP server exposes (read-only)', kind: 'text', initial: always('postgres'), validate: v.sqlDatabase },
  { key: 'mcpRole', message: 'Read-only role for the MCP server', kind: 'text', initial: always('mcp_readonly'), validate: v.sqlRole },
  { key: 'mcpServerName', message: 'MCP server name in LiteLLM (tools appear as <name>-<tool>)', kind: 'text', initial: always('db_main'), validate: v.mcpServerName },
  { key: 'mcpAccessGroup', message: 'MCP access group for client keys', kind: 'text', initial: always('db_readers'), validate: v.mcpServerName },
  { key: 'clientKeyAlias', message: 'Alias of the virtual key for clients', kind: 'text', initial: (a) => `litellm-mcp-${a.mcpAccessGroup ?? 'db_readers'}`, validate: v.keyAlias, advanced: true },
  { key: 'clientKeyBudget', message: 'Budget of the client key in USD (max_budget)', kind: 'limit', initial: always('none'), validate: v.limit('budget in USD', false), advanced: true },
  { key: 'spendLogRetention', message: 'Keep LiteLLM spend logs for (maximum_spend_logs_retention_period)', kind: 'text', initial: always('30d'), validate: v.litellmDuration, advanced: true },
  { key: 'logProject', message: 'Value of the `project` label log shippers select containers by', kind: 'text', initial: (a) => a.name ?? legacyName, validate: v.labelValue, advanced: true },
  { key: 'clientKeyRpm', message: 'Requests per minute allowed to the client key (rpm_limit)', kind: 'limit', initial: always('none'), validate: v.limit('request rate', true), advanced: true },
  // Where the stacks run: the replica count is asked only of a swarm, so it follows the target.
  {
    key: 'target', message: 'Where the gateway runs', kind: 'select', initial: always('compose'), validate: v.oneOf(['compose', 'swarm']), advanced: true,
    options: [
      { value: 'compose', label: 'compose', hint: 'compose projects on this Docker engine' },
      { value: 'swarm', label: 'swarm', hint: 'a stack on the swarm this engine manages' },
    ],
  },
  { key: 'litellmReplicas', message: 'LiteLLM replicas on the swarm', kind: 'number', initial: always('2'), validate: v.replicas, when: onSwarm, advanced: true },
  { key: 'redisImage', message: 'Redis image for the replicas\' shared rate-limit counters', kind: 'text', initial: always('redis:7.4-alpine'), validate: v.imageRef, when: withRedis, advanced: true },
];

/** `litellmPort` → `litellm-port`: the flag and the answers-file key. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `litellmPort` → `LITELLM_MCP_LITELLM_PORT`. */
export function envName(key: string): string {
  return `LITELLM_MCP_${kebab(key).replace(/-/g, '_').toUpperCase()}`;
}

/** Turns a validated string into the typed answer. */
export function parseAnswer(q: Question, raw: string): Answers[AnswerKey] {
  switch (q.kind) {
    case 'number':
      return Number(raw);
    case 'limit':
      return raw.trim() === 'none' ? null : Number(raw);
    case 'confirm':
      return raw === 'true';
    case 'multiselect':
      return v.splitList(raw) as Answers['models'];
    case 'list':
      return v.splitList(raw);
    default:
      return raw as Answers[AnswerKey];
  }
}

/** The string form of a typed answer, as a flag or prompt would give it. */
export function formatAnswer(value: Answers[AnswerKey] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return String(value);
}
