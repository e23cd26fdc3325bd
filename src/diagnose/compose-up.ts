/** Why `docker compose up` refused, from its output. */
import type { Issue } from '../core/state.js';

export interface ComposeUpSymptom {
  output: string;
  images: readonly string[];
  /** Who holds a host port, when we could tell: "container traefik" or "process nginx (pid 812)". */
  portHolder?: (port: number) => Promise<string | undefined>;
}

export async function diagnoseComposeUp(s: ComposeUpSymptom): Promise<Issue> {
  const lastLine = s.output.split('\n').filter(Boolean).at(-1) ?? '';
  // "Bind for 0.0.0.0:4000 failed: port is already allocated" (a container holds it) or
  // "listen tcp4 0.0.0.0:4000: bind: address already in use" (a host process holds it).
  const bind = /Bind for \S*:(\d+) failed|listen tcp\d? \S*:(\d+): bind|port is already allocated|address already in use/i.exec(s.output);
  if (bind) {
    const port = Number(bind[1] ?? bind[2] ?? 0);
    const holder = port && s.portHolder ? await s.portHolder(port) : undefined;
    return {
      problem: `A host port is taken: ${lastLine}`,
      cause: `${holder ?? 'another process'} already holds host port ${port || '(see the message)'}`,
      fix: `Stop ${holder ?? 'what holds the port'}, or choose another port (--litellm-port / --mcp-port) and run \`litellm-mcp init\` again.`,
    };
  }
  if (/pull access denied|manifest unknown|not found: manifest|repository does not exist|failed to resolve reference|no such image|dial tcp|i\/o timeout|lookup .* no such host|Get "https?:\/\//i.test(s.output)) {
    return {
      problem: `An image could not be found or pulled: ${lastLine}`,
      cause: `the image name or tag is wrong, or this host cannot reach the registry (${s.images.join(', ')})`,
      fix: 'Check the name and tag, or pull the images on a machine with access and push them to a mirror you can reach, then point the image options at it (e.g. --litellm-image registry.lan/berriai/litellm:v1.77.3-stable, --mcp-image registry.lan/crystaldba/postgres-mcp:0.3.0) and run `litellm-mcp init` again.',
    };
  }
  return { problem: `docker compose up failed: ${lastLine}`, fix: 'Read the compose output in the log above; `docker compose config` on the file shows what it rejects.' };
}
