/** The recorded truth of a deployment: what each phase and task did, and when. No secrets. */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../infra/files.js';
import { redact } from './redact.js';

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
  /** Token hashes (sha256, not the keys) of client keys replaced and still to delete once the new one is
   * proven: a crash between the two leaves them here for the next run. */
  retiringKeys?: string[];
  /** The newest backup `backup` made (the file is the truth; this is for the report). */
  lastBackup?: { name: string; at: string; bytes: number; sha256: string };
  /** The LiteLLM image `upgrade` replaced, for `rollback`. */
  rollback?: { litellmImage: string; upgradedTo: string; at: string };
  /** What phase A created on the database server, so that `down --drop-database` drops only that. */
  created?: { databases?: string[]; roles?: string[] };
  /** The nightly job `backup --schedule --install` wrote (the cron file is the truth). */
  backupSchedule?: { file: string; at: string; keep: number };
}

export function emptyState(): State {
  return { version: 1, phases: {}, files: {} };
}

export function loadState(path: string): State {
  if (!existsSync(path)) return emptyState();
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as State;
  if (parsed.version !== 1) throw new Error(`${path}: unknown state version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed };
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
