/** What tasks run over. Built once per command; infrastructure clients load lazily. */
import type { Answers } from './answers.js';
import type { Paths } from './paths.js';
import type { Secrets } from './secrets.js';
import type { State } from './state.js';
import type { ProviderKeys } from './provider-keys.js';
import type { Output } from '../output/output.js';
import type { Infra } from '../infra/infra.js';

export interface RunOptions {
  /** Overwrite generated files the person edited. */
  force: boolean;
  /** Set an existing role's password to the stored one instead of stopping. */
  resetDbPassword: boolean;
  /** Admin password of a shared PostgreSQL: from the environment or a prompt, never saved. */
  adminPassword?: string;
  /** The host-side address of a shared PostgreSQL, when it is reachable directly. */
  adminHost?: string;
  adminPort?: number;
  /** `key rotate`: mint a new client key even though the stored one is valid. */
  rotateKey?: boolean;
  /** Secrets (by variable name) a damaged generated.env lost, to generate anew on purpose. */
  newSecrets?: string[];
  /** Provider API keys given for this run (flags, variables, the wizard); written to providers.env only. */
  providerKeys?: ProviderKeys;
  /** `plan --exit-code`: exit 1 when something would change, for cron and CI drift checks. */
  exitCodeOnChange?: boolean;
}

export interface Context {
  paths: Paths;
  answers: Answers;
  state: State;
  options: RunOptions;
  out: Output;
  infra: Infra;
  /** Loaded by the secrets task, or read from the secrets file by later phases. */
  secrets?: Secrets;
  /**
   * Where this host reaches LiteLLM and the MCP server when not through their published ports: on a
   * swarm, relays on the overlay network (phase E sets them for its checks).
   */
  endpoints?: { litellm?: string; mcp?: string };
  /** Run when the run ends, however it ends: temporary containers (relays) a task started. */
  cleanups?: Array<() => Promise<void>>;
}

/** Runs and empties the run's cleanups; one that fails does not keep the others from running. */
export async function runCleanups(ctx: Pick<Context, 'cleanups'>): Promise<void> {
  const all = ctx.cleanups?.splice(0) ?? [];
  await Promise.all(all.map((c) => c().catch(() => undefined)));
}
