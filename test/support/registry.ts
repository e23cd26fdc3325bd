/**
 * A real image registry for the pull tests: Debian's docker-registry (the distribution project's
 * registry 2.8), on a free port of 127.0.0.1 with its storage in a temporary folder. Docker trusts
 * 127.0.0.0/8 registries over plain HTTP without configuration, so pushes and pulls work as with any
 * registry, and nothing leaves the machine.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Registry {
  /** host:port, the prefix of image names pushed to it. */
  address: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startRegistry(): Promise<Registry> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'litellm-mcp-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child: ResultPromise = execa('docker-registry', ['serve', config], { reject: false, all: true });
  const address = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`http://${address}/v2/`).then((r) => r.ok, () => false);
    if (ready) {
      return {
        address,
        async stop() {
          child.kill('SIGTERM');
          await child;
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`docker-registry did not start on ${address}: ${(await child).all}`);
}
