/**
 * `adopt --from FOLDER --check`: reads a deployment made by hand (its compose files, LiteLLM's config.yaml,
 * the env files they name) and the containers they run, and reports every problem it recognises with
 * its evidence, cause and fix, before changing anything. Exit 1 when something is wrong, 0 when not.
 * Nothing is written and no container is touched.
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { lazyInfra } from '../infra/infra.js';
import { readHandMade, shown } from '../adopt/hand-made.js';
import { adoptFindings, type AdoptFinding } from '../adopt/findings.js';
import { runningServices } from '../adopt/running.js';

export interface AdoptFlags {
  from?: string;
  compose?: string[];
  config?: string;
  check?: boolean;
}

function format(f: AdoptFinding): string {
  const mark = f.severity === 'error' ? '✖ error  ' : '▲ warning';
  return [`${mark}  ${f.where}`, `      ${f.problem}.`, `      evidence: ${f.evidence}`, ...(f.cause ? [`      cause: ${f.cause}`] : []), `      fix: ${f.fix}`].join('\n');
}

export async function adopt(flags: AdoptFlags, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (!flags.from) throw new UsageError('adopt needs the folder of the deployment made by hand.', 'Run `litellm-mcp adopt --from <folder> --check`.');
  if (!flags.check) {
    throw new UsageError('Taking a deployment over is not built yet: only its check is.', 'Run `litellm-mcp adopt --from <folder> --check` to see what is wrong with it; nothing is changed.');
  }
  const infra = lazyInfra();
  const [compose, docker] = await Promise.all([infra.compose(), infra.docker()]);
  const h = await readHandMade(compose, resolve(cwd, flags.from), flags.compose ?? [], flags.config);
  const findings = adoptFindings(h, await runningServices(docker.raw, h));
  const put = (s: string) => stdout.write(`${redact(s)}\n`);
  put(`Read ${h.stacks.map((s) => `${shown(h, s.file)} (project ${s.project}: ${s.services.map((x) => x.name).join(', ')})`).join('; ')}${h.config ? `; ${shown(h, h.config.file)}` : '; no LiteLLM config.yaml found (name it with --config)'}.`);
  for (const f of findings) put(format(f));
  const errors = findings.filter((f) => f.severity === 'error').length;
  put(findings.length === 0 ? 'No problem found: nothing here stops litellm-mcp from taking it over.' : `${errors} problem(s) and ${findings.length - errors} warning(s). Nothing was changed.`);
  return errors ? 1 : 0;
}
