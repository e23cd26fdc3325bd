/**
 * `adopt`: a deployment made by hand.
 * - `--check`: what is wrong with it, with evidence, cause and fix; exit 1 when something is; nothing changed.
 * - no flag: the same report, then the takeover (src/adopt/takeover.ts) on confirmation or --yes.
 * - `--undo`: the hand-made deployment back (src/adopt/undo.ts).
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { lazyInfra } from '../infra/infra.js';
import { readHandMade, shown } from '../adopt/hand-made.js';
import { adoptFindings } from '../adopt/findings.js';
import { runningServices } from '../adopt/running.js';
import { formatFinding } from '../adopt/takeover-report.js';
import type { TakeoverFlags } from '../adopt/takeover.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface AdoptFlags extends Interaction {
  [key: string]: unknown;
  from?: string;
  dir?: string;
  compose?: string[];
  config?: string;
  env?: string[];
  check?: boolean;
  undo?: boolean;
}

async function check(flags: AdoptFlags & { from: string }, cwd: string, stdout: NodeJS.WritableStream): Promise<number> {
  const infra = lazyInfra();
  const [compose, docker] = await Promise.all([infra.compose(), infra.docker()]);
  const h = await readHandMade(compose, resolve(cwd, flags.from), flags.compose ?? [], flags.config, flags.env ?? []);
  const findings = adoptFindings(h, await runningServices(docker.raw, h));
  const put = (s: string) => stdout.write(`${redact(s)}\n`);
  put(`Read ${h.stacks.map((s) => `${shown(h, s.file)} (project ${s.project}: ${s.services.map((x) => x.name).join(', ')})`).join('; ')}${h.config ? `; ${shown(h, h.config.file)}` : '; no LiteLLM config.yaml found (name it with --config)'}.`);
  for (const f of findings) put(formatFinding(f));
  const errors = findings.filter((f) => f.severity === 'error').length;
  put(findings.length === 0 ? 'No problem found: nothing here stops litellm-mcp from taking it over.' : `${errors} problem(s) and ${findings.length - errors} warning(s). Nothing was changed.`);
  return errors ? 1 : 0;
}

export async function adopt(flags: AdoptFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (flags.undo) {
    const dir = resolve(cwd, flags.dir ?? flags.from ?? '.');
    const [{ undoAdoption }, out] = await Promise.all([import('../adopt/undo.js'), makeOutput({ yes: true }, env)]);
    return undoAdoption(dir, env, lazyInfra(), out);
  }
  if (!flags.from) throw new UsageError('adopt needs the folder of the deployment made by hand.', 'Run `litellm-mcp adopt --from <folder> --check`.');
  const from = flags.from;
  if (flags.check) return check({ ...flags, from }, cwd, stdout);
  const [{ takeOver }, out] = await Promise.all([import('../adopt/takeover.js'), makeOutput(flags, env)]);
  out.intro('litellm-mcp adopt: taking a hand-made deployment over');
  const takeover: TakeoverFlags = { ...flags, from: resolve(cwd, from), dir: resolve(cwd, flags.dir ?? from) };
  return takeOver(takeover, env, lazyInfra(), out);
}
