/**
 * Builds the test images (docker import; nothing can be pulled here) and starts one real PostgreSQL
 * server for the database tests. Fails loudly when Docker is missing: tests are never skipped.
 */
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresImage: string;
    /** Test images: a real MCP server behind postgres-mcp's command line, its strict-host variant, the LiteLLM stand-in. */
    images: { mcp: string; mcpStrictHost: string; litellm: string; /** Real supergateway + server-filesystem (the filesystem recipe). */ supergateway: string; /** The Traefik stand-in. */ traefik: string; /** Debian's redis-server, shaped like the official image. */ redis: string };
    pg: { host: string; port: number; user: string; password: string; bridgeHost: string; /** Its container, for its log. */ container: string };
  }
}

// One server per test run: runs side by side (two vitest processes) never restart each other's.
const testServerName = `litellm-mcp-test-pg-${process.pid}`;
export const adminPassword = 'test-admin-Secret9';

async function waitReady(name: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const r = await execa('docker', ['exec', name, 'pg_isready', '-U', 'postgres', '-h', '127.0.0.1'], { reject: false });
    if (r.exitCode === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`PostgreSQL in ${name} did not become ready`);
}

export default async function setup(project: TestProject) {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (info.exitCode !== 0) throw new Error('No Docker engine: run .ci/install-docker.sh first (see README.md).');
  const build = async (...args: string[]) => (await execa('bash', args)).stdout.trim().split('\n').pop()!;
  const [image, mcp, mcpStrictHost, litellm, supergateway, traefik, redis] = await Promise.all([
    build('test/images/postgres/build.sh'),
    build('test/images/postgres-mcp/build.sh'),
    build('test/images/postgres-mcp/build.sh', 'strict-host'),
    build('test/images/litellm-standin/build.sh'),
    build('test/images/supergateway/build.sh'),
    build('test/images/traefik-standin/build.sh'),
    build('test/images/redis/build.sh'),
  ]);
  project.provide('images', { mcp, mcpStrictHost, litellm, supergateway, traefik, redis });
  await execa('docker', ['rm', '-f', testServerName], { reject: false });
  await execa('docker', ['run', '-d', '--name', testServerName, '-p', '127.0.0.1::5432', '-e', `POSTGRES_PASSWORD=${adminPassword}`, image]);
  await waitReady(testServerName);
  const port = (await execa('docker', ['port', testServerName, '5432/tcp'])).stdout.trim().split(':').pop()!;
  project.provide('postgresImage', image);
  const bridgeHost = (await execa('docker', ['inspect', '-f', '{{.NetworkSettings.IPAddress}}', testServerName])).stdout.trim();
  project.provide('pg', { host: '127.0.0.1', port: Number(port), user: 'postgres', password: adminPassword, bridgeHost, container: testServerName });
  return async () => {
    await execa('docker', ['rm', '-f', '-v', testServerName], { reject: false });
  };
}
