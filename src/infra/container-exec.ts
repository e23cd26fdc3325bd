/**
 * Running a probe inside a container (dockerode exec, argv form): what the gateway's side of the network
 * sees. The LiteLLM image has Python but no curl or wget (FACTS.md), so probes are Python one-liners.
 */
import type Docker from 'dockerode';
import { demux } from './docker-logs.js';

export interface ExecResult {
  exitCode: number;
  output: string;
}

export async function execIn(docker: Docker, id: string, cmd: string[], timeoutMs = 15_000): Promise<ExecResult> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, timeoutMs);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', () => resolve());
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
}

export interface ReachResult {
  host: string;
  port: number;
  /** The address the name resolved to, inside the container. */
  address?: string;
  reachable: boolean;
  /** Python's last error line when not reachable. */
  error?: string;
}

const safeHost = /^[A-Za-z0-9._-]+$/;

/** Resolves `host` and opens a TCP connection to it from inside the container. */
export async function reachFrom(docker: Docker, id: string, python: string, host: string, port: number): Promise<ReachResult> {
  if (!safeHost.test(host)) return { host, port, reachable: false, error: 'not a host name' };
  // The host is checked above, so it cannot leave the Python string literal.
  const code = `import socket; print(socket.gethostbyname('${host}')); socket.create_connection(('${host}', ${port}), 3)`;
  const r = await execIn(docker, id, [python, '-c', code]);
  const lines = r.output.split('\n').map((l) => l.trim()).filter(Boolean);
  const address = lines.find((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l));
  const result: ReachResult = { host, port, reachable: r.exitCode === 0 };
  if (address) result.address = address;
  if (r.exitCode !== 0) result.error = lines.at(-1) ?? `exit code ${r.exitCode}`;
  return result;
}
