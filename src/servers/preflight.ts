/**
 * Before a custom image joins the deployment, it is run once, alone, on the gateway network, and asked
 * what it speaks on its port (GET /sse, POST /mcp initialize: FACTS.md's probes). An image that never
 * answers MCP there (it speaks stdio, or another port) is refused before any file changes. The trial
 * container is removed whatever happens.
 */
import { UsageError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { ServerTransport } from './server-spec.js';

export interface Trial {
  image: string;
  port: number;
  network: string;
  envFile?: string;
  /** For the trial container's name. */
  name: string;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function detectImageTransport(t: Trial): Promise<{ transport: ServerTransport; evidence: string }> {
  const [{ execa }, { detectTransport }] = await Promise.all([import('execa'), import('../infra/mcp-client.js')]);
  const container = `litellm-mcp-trial-${t.name.toLowerCase().replace(/_/g, '-')}-${process.pid}`;
  const run = await execa('docker', ['run', '-d', '--name', container, '--network', t.network, '--security-opt', 'no-new-privileges:true', ...(t.envFile ? ['--env-file', t.envFile] : []), t.image], { reject: false, timeout: 120_000 });
  try {
    if (run.exitCode !== 0) {
      const said = redact(run.stderr.trim().split('\n').at(-1) ?? '');
      const missing = /Unable to find image|pull access denied|manifest unknown|not found/i.test(run.stderr);
      throw new UsageError(`--image ${t.image}: ${missing ? 'no such image here, and it could not be pulled' : 'it could not be started'} (${said}).`, missing ? 'Check the name and tag (`docker pull` it, or load it with `docker load` on an air-gapped host), then run `mcp add` again.' : 'Run it by hand with `docker run` to see why, then run `mcp add` again.');
    }
    const deadline = Date.now() + (t.timeoutMs ?? 30_000);
    let evidence: string[] = [];
    while (Date.now() < deadline) {
      const state = await execa('docker', ['inspect', '-f', `{{.State.Running}} {{.State.ExitCode}} {{(index .NetworkSettings.Networks "${t.network}").IPAddress}}`, container], { reject: false });
      const [running, exitCode, ip] = state.stdout.trim().split(' ');
      if (running !== 'true') {
        const logs = await execa('docker', ['logs', '--tail', '5', container], { reject: false });
        throw stdioOnly(t, `it exited with code ${exitCode} without serving MCP (last lines: ${redact(`${logs.stdout}\n${logs.stderr}`.trim()).split('\n').slice(-3).join(' | ') || 'none'})`);
      }
      if (ip) {
        const probe = await detectTransport(`http://${ip}:${t.port}`);
        evidence = probe.evidence;
        if (probe.speaks) return { transport: probe.speaks, evidence: `${t.image} on port ${t.port}: ${probe.evidence.join(', ')}` };
      }
      await sleep(500);
    }
    throw stdioOnly(t, `it kept running but nothing answered MCP on port ${t.port} within ${Math.round((t.timeoutMs ?? 30_000) / 1000)} s (${evidence.join(', ') || 'no address'})`);
  } finally {
    await execa('docker', ['rm', '-f', '-v', container], { reject: false });
  }
}

function stdioOnly(t: Trial, why: string): UsageError {
  return new UsageError(
    `--image ${t.image} does not serve MCP over the network: ${why}.`,
    `LiteLLM reaches MCP servers over SSE or streamable HTTP, never stdio inside it. If the server listens on another port, pass --port; if it speaks stdio only, wrap it with a bridge (an image FROM supercorp/supergateway running it with --stdio "<command>" --port 8000), then run \`mcp add custom\` with that image.`,
  );
}
