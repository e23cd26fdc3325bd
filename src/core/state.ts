/** The recorded truth of a deployment: what each phase and task did, and when. No secrets. */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../infra/files.js';
import { resolveAnswers } from './answer-sources.js';
import type { Answers } from './answers.js';
import { UsageError } from './errors.js';
import { redact } from './redact.js';
import { version } from './version.js';

export const phaseIds = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
export type PhaseId = (typeof phaseIds)[number];

export type OutcomeStatus = 'ok' | 'changed' | 'warning' | 'failed' | 'skipped';
export type PhaseStatus = 'pending' | 'running' | 'completed' | 'partial' | 'failed' | 'interrupted';

export interface Issue {
  problem: string;
  cause?: string;
  fix: string;
}

/**
 * What an audit found by trying (phase G): how bad, what was seen, and what to do, or why it stays as it
 * is. A finding is the auditor's verdict, beside the task's status (which says whether the check ran).
 */
export interface Finding {
  severity: 'high' | 'medium' | 'low' | 'info';
  title: string;
  evidence: string;
  /** The next step; or, with `accepted`, nothing to do. */
  fix?: string;
  /** Why this stays: a choice made on purpose, with its reason. */
  accepted?: string;
}

export interface TaskRecord {
  title: string;
  status: OutcomeStatus;
  message: string;
  facts?: Record<string, string>;
  issue?: Issue;
  findings?: Finding[];
  at: string;
}

export interface PhaseRecord {
  status: PhaseStatus;
  startedAt?: string;
  completedAt?: string;
  /** planKey of the run that made this record: which version of this tool, with which answers. */
  plannedFor?: string;
  tasks: TaskRecord[];
}

/** One row of the report's service table, as phase E last saw it. */
export interface ServiceRecord {
  project: string;
  service: string;
  container: string;
  image: string;
  state: string;
  health?: string;
  ports: string[];
}

export interface State {
  version: 1;
  startedAt?: string;
  phases: Partial<Record<PhaseId, PhaseRecord>>;
  /** sha256 of each generated file as last written, to tell a user's edit from our own output. */
  files: Record<string, string>;
  /** sha256 of the files each running container read when it started (config, env files): a change
   * there needs a restart that compose cannot see. */
  deployed?: Record<string, string>;
  services?: ServiceRecord[];
  servicesAt?: string;
  /** The answers the last run used, keyed as in the answers file (no secrets): `status` renders from them. */
  answers?: Record<string, unknown>;
  /** Transports an MCP image's --help listed, by image id: the same id always prints the same help. */
  imageTransports?: Record<string, string[]>;
  /** Each image's entrypoint, by reference, read in phase A on a swarm: the secrets wrapper runs it. */
  imageEntrypoints?: Record<string, string[]>;
  /** Token hashes (sha256, not the keys) of client keys replaced and still to delete once the new one is
   * proven: a crash between the two leaves them here for the next run. */
  retiringKeys?: string[];
  /** The newest backup `backup` made (the file is the truth; this is for the report). */
  lastBackup?: { name: string; at: string; bytes: number; sha256: string };
  /** The LiteLLM image `upgrade` replaced, for `rollback`. */
  rollback?: { litellmImage: string; upgradedTo: string; at: string };
  /** What phase A created on the database server, so that `down --drop-database` drops only that. */
  created?: { databases?: string[]; roles?: string[] };
  /** Made by `adopt` from a hand-made deployment: when, from where, and where its files are kept. */
  adopted?: { at: string; from: string; archive: string };
  /** The nightly job `backup --schedule --install` wrote (the cron file is the truth). */
  backupSchedule?: { file: string; at: string; keep: number };
}

export function emptyState(): State {
  return { version: 1, phases: {}, files: {} };
}

export function loadState(path: string): State {
  if (!existsSync(path)) return emptyState();
  let parsed: State;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as State;
  } catch (error) {
    throw new UsageError(
      `${path} is damaged: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message}.`,
      `Move it aside (mv ${path} ${path}.broken) and run \`litellm-mcp init\` again: every phase checks what exists and records it anew, and nothing deployed is lost.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${path} is damaged: not a record of a deployment.`, `Move it aside (mv ${path} ${path}.broken) and run \`litellm-mcp init\` again.`);
  }
  if (parsed.version !== 1) {
    const newer = typeof parsed.version === 'number' && parsed.version > 1;
    throw new UsageError(
      newer ? `${path} was written by a newer litellm-mcp (state version ${parsed.version}; this one reads version 1).` : `${path} has no state version this litellm-mcp knows (${JSON.stringify(parsed.version)}).`,
      newer ? 'Run the newer litellm-mcp on this folder (npx litellm-mcp@latest), or restore the folder from a backup this version made.' : `Move it aside (mv ${path} ${path}.broken) and run \`litellm-mcp init\` again.`,
    );
  }
  return { ...emptyState(), ...parsed };
}

/**
 * The answers the last run applied, as recorded in the state (validated like any other source), or
 * undefined for a state written before they were recorded. Here rather than beside the answers file's
 * reader so that `status` gets them without loading that module.
 */
export function recordedAnswers(path: string, state: State): Answers | undefined {
  if (!state.answers) return undefined;
  return resolveAnswers({ flags: {}, env: {}, file: { path, values: state.answers } }).answers;
}

/**
 * What a phase's list of tasks depends on: this version of the tool and the answers. A record of a phase
 * run to its end whose key is today's lists every task the phase would run now, so `status` renders it
 * without loading the tasks' code (report/recorded-outline.ts).
 */
export function planKey(answers: Record<string, unknown> | undefined): string {
  // FNV-1a: a key that changes with the answers, no secret to keep; node:crypto would cost `status` 3 ms to load.
  const text = JSON.stringify(answers ?? {});
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${version} ${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** Atomic and redacted: a secret that slipped into a message never reaches the disk. */
export function saveState(path: string, state: State): void {
  writeFileAtomic(path, `${redact(JSON.stringify(state, null, 2))}\n`, 0o600);
}

/** Notes a database or role this tool created (never one it found). */
export function noteCreated(state: State, kind: 'databases' | 'roles', name: string): void {
  const created = (state.created ??= {});
  const list = (created[kind] ??= []);
  if (!list.includes(name)) list.push(name);
}

export function phaseStatusFrom(tasks: readonly TaskRecord[]): PhaseStatus {
  if (tasks.some((t) => t.status === 'failed')) return 'failed';
  if (tasks.some((t) => t.status === 'warning')) return 'partial';
  return 'completed';
}
