/** Runs the built program as a person would: `node bin/litellm-mcp.js ...`, returning code and output. */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'litellm-mcp.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], env: Record<string, string> = {}, cwd = root): Promise<CliResult> {
  const r = await execa('node', [bin, ...args], {
    reject: false,
    cwd,
    // A clean environment: no CI flag from the caller decides interactivity, no stray PG* variables.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    extendEnv: false,
    timeout: 180_000,
  });
  return { code: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'litellm-mcp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
