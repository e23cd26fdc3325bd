/**
 * `docker compose` (v2) through execa, falling back to `docker-compose` (v1). Commands are argv arrays;
 * a non-zero exit always throws with the (redacted) output that explains it.
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
  for (const [file, prefix] of candidates) {
    const probe = await execa(file, [...prefix, 'version', '--short'], { reject: false });
    if (probe.exitCode !== 0) continue;
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
  throw new TaskFailure(
    'Neither `docker compose` (v2) nor `docker-compose` (v1) is installed.',
    'Install the Docker Compose v2 plugin (package docker-compose-plugin, or docker-compose on Debian trixie).',
  );
}
