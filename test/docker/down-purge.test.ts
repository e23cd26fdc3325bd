/**
 * `down` on a shared PostgreSQL: without --purge the data stays; --purge asks first at a terminal (no
 * changes nothing); --drop-database names LiteLLM's database and the roles, asks again, needs --yes when
 * no one is there, and drops only what phase A created: a role that was there before is left, and said.
 * Its own deployment name (purge), PostgreSQL container and network: it runs beside the other files.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli, tempDir } from '../support/cli.js';
import { docker, dockerObjects, removeDeployment, startPostgres, treeHashes } from '../support/docker.js';
import { imageFlags } from '../support/images.js';
import { keys, openTerminal } from '../support/pty.js';

const name = 'purge';
const server = 'purge-shared-pg';
const network = 'purge-pg-net';
const password = 'purge-admin-Secret7';
const dir = join(tempDir(), name);
const admin = { LITELLM_MCP_DB_ADMIN_PASSWORD: password };
const init = ['init', '--yes', '--dir', dir, '--db-strategy', 'shared', '--db-host', server, '--postgres-network', network, '--mcp-role', 'reader_found', '--reset-db-password', ...imageFlags({ name })];
const psql = (sql: string) => docker('exec', server, 'psql', '-U', 'postgres', '-Atc', sql);
const roles = () => psql("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('litellm_user', 'reader_found')");
const databases = () => psql("SELECT count(*) FROM pg_database WHERE datname = 'litellm_db'");

async function removeAll(): Promise<void> {
  await removeDeployment(name);
  const { execa } = await import('execa');
  await execa('docker', ['rm', '-f', '-v', server], { reject: false });
  await execa('docker', ['network', 'rm', network], { reject: false });
}

beforeAll(async () => {
  await removeAll();
  await docker('network', 'create', network);
  await startPostgres(inject('postgresImage'), server, network, password);
  // A role that exists before the deployment: the MCP server uses it (--reset-db-password gives it the
  // stored password), but litellm-mcp did not make it.
  await psql("CREATE ROLE reader_found LOGIN PASSWORD 'x'");
  const r = await cli(init, admin);
  expect(r.code, r.stdout + r.stderr).toBe(0);
}, 300_000);
afterAll(removeAll);

describe('an admin without the rights phase A needs', () => {
  it('is named with the rights it lacks before any role is made (exit 1)', async () => {
    await psql("CREATE ROLE weak_admin LOGIN PASSWORD 'weak-Secret1'");
    const weak = join(tempDir(), 'purge-weak');
    const r = await cli(['init', '--yes', '--dir', weak, '--db-strategy', 'shared', '--db-host', server, '--postgres-network', network, '--db-admin-user', 'weak_admin', '--db-user', 'weak_litellm', '--db-name', 'weak_db', '--mcp-role', 'weak_reader', ...imageFlags({ name: 'purge-weak' })], { LITELLM_MCP_DB_ADMIN_PASSWORD: 'weak-Secret1' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/failed\s+Shared PostgreSQL reachable as admin: The admin weak_admin lacks CREATEROLE \(to create the roles weak_litellm, weak_reader\) and CREATEDB \(to create the database weak_db\) on the shared PostgreSQL \(purge-shared-pg on purge-pg-net\)/);
    expect(r.stdout).toMatch(/fix: As a superuser: ALTER ROLE weak_admin CREATEROLE CREATEDB;/);
    expect(await psql("SELECT count(*) FROM pg_roles WHERE rolname IN ('weak_litellm', 'weak_reader')")).toBe('0');
    await removeDeployment('purge-weak');
  }, 120_000);
});

describe('down', () => {
  it('--purge at a terminal asks first; no changes nothing', async () => {
    const before = { files: treeHashes(dir), docker: await dockerObjects(name) };
    const t = openTerminal(['down', '--purge', '--dir', dir], admin);
    await t.waitFor(/Remove the volumes of purge's stacks and the network purge-net\?/);
    t.press(keys.enter); // the default: no
    expect(await t.exit).toBe(130);
    expect(t.screen()).toMatch(/Not confirmed: nothing was changed/);
    expect({ files: treeHashes(dir), docker: await dockerObjects(name) }).toEqual(before);
  }, 60_000);

  it('--drop-database with no one to confirm it names what it would drop and changes nothing', async () => {
    const before = { files: treeHashes(dir), docker: await dockerObjects(name), roles: await roles() };
    const r = await cli(['down', '--purge', '--drop-database', '--dir', dir], admin);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/down --drop-database would drop the database litellm_db and the role litellm_user on the shared PostgreSQL \(purge-shared-pg on purge-pg-net\), and no one is here to confirm it/);
    expect(r.stderr).toMatch(/fix: Run it at a terminal, or add --yes/);
    expect({ files: treeHashes(dir), docker: await dockerObjects(name), roles: await roles() }).toEqual(before);
    expect(await databases()).toBe('1');
  });

  it('plain down keeps the database and the roles; --drop-database --yes drops what phase A created, and leaves the role it found', async () => {
    const stop = await cli(['down', '--dir', dir]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(await databases()).toBe('1');
    expect(await roles()).toBe('litellm_user,reader_found');

    const r = await cli(['down', '--purge', '--drop-database', '--yes', '--dir', dir], admin);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dropped the database litellm_db\./);
    expect(r.stdout).toMatch(/Dropped the role litellm_user\./);
    expect(r.stderr).toMatch(/Left role reader_found: litellm-mcp did not create them/);
    expect(await databases()).toBe('0');
    expect(await roles()).toBe('reader_found');
    expect(await docker('network', 'ls', '-q', '--filter', `name=^${name}-net$`)).toBe('');

    // And the deployment can be made again from its folder: phase A creates them anew.
    const again = await cli(init, admin);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await databases()).toBe('1');
  }, 300_000);
});
