/**
 * `docker compose` (v2) through execa; a standalone `docker-compose` of v2 serves too. Compose v1 (end of
 * life since 2023) is refused by name: it cannot read the generated files (seen: docker-compose 1.29.2
 * says "'name' does not match any of the regexes: '^x-'" of their top-level `name:`). Commands are argv
 * arrays; a non-zero exit always throws with the (redacted) output that explains it.
 */
import { execa } from 'execa';
import { ComposeError, TaskFailure } from '../core/errors.js';
import { redact } from '../core/redact.js';

export interface Compose {
  /** e.g. "docker compose 2.26.1" */
  version: string;
  /** stdout; with `withProgress`, stderr too (compose writes its progress lines there). */
  run(args: string[], options?: { cwd?: string; input?: string; withProgress?: boolean }): Promise<string>;
}

export async function detectCompose(): Promise<Compose> {
  const candidates: Array<[string, string[]]> = [
    ['docker', ['compose']],
    ['docker-compose', []],
  ];
  let v1: string | undefined;
  for (const [file, prefix] of candidates) {
    const probe = await execa(file, [...prefix, 'version', '--short'], { reject: false });
    if (probe.exitCode !== 0) continue;
    if (/^v?1\./.test(probe.stdout.trim())) {
      v1 = `${file} ${probe.stdout.trim()}`;
      continue;
    }
    const version = `${[file, ...prefix].join(' ')} ${probe.stdout.trim()}`;
    return {
      version,
      async run(args, options = {}) {
        const result = await execa(file, [...prefix, ...args], {
          reject: false,
          ...(options.cwd ? { cwd: options.cwd } : {}),
          ...(options.input !== undefined ? { input: options.input } : {}),
        });
        if (result.exitCode !== 0) {
          const output = redact(`${result.stderr}\n${result.stdout}`.trim());
          throw new ComposeError(`${[file, ...prefix, ...args].join(' ')} exited with ${result.exitCode}`, output);
        }
        return options.withProgress ? `${result.stdout}\n${result.stderr}` : result.stdout;
      },
    };
  }
  if (v1) {
    throw new TaskFailure(
      `Only Compose v1 is installed (${v1}): the generated compose files need Compose v2 (\`docker compose\`, 2.x).`,
      'Install the Docker Compose v2 plugin (docker-compose-plugin from Docker\'s repository, or docker-compose on Debian trixie and later), check that `docker compose version` answers 2.x, and run again.',
    );
  }
  throw new TaskFailure(
    'Docker Compose is not installed: neither `docker compose` nor `docker-compose` answers.',
    'Install the Docker Compose v2 plugin (docker-compose-plugin from Docker\'s repository, or docker-compose on Debian trixie and later), check that `docker compose version` answers, and run again.',
  );
}
