/** LiteLLM's database and login role: created when missing, verified when present, never recreated. */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { noteCreated } from '../../core/state.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import { adminTarget, asRole } from '../shared/database-admin.js';
import { requireSecrets } from '../shared/secrets.js';

interface Findings {
  roleExists: boolean;
  passwordMatches: boolean;
  owner: string | undefined;
}

async function inspect(ctx: Context): Promise<Findings> {
  const pg = await import('../../infra/postgres.js');
  const a = ctx.answers;
  const admin = await adminTarget(ctx);
  return pg.withClient(admin, async (client) => {
    const role = await pg.role(client, a.dbUser);
    const owner = await pg.databaseOwner(client, a.dbName);
    const password = requireSecrets(ctx).litellmDbPassword;
    // Only a login proves a password: the server never reveals it.
    const passwordMatches = role ? await pg.canLogin(asRole(admin, a.dbUser, password, owner ? a.dbName : 'postgres')) : false;
    return { roleExists: Boolean(role), passwordMatches, owner };
  });
}

function mismatch(ctx: Context): TaskFailure {
  const a = ctx.answers;
  return new TaskFailure(
    `The role ${a.dbUser} already exists with a password other than the one in secrets/generated.env.`,
    `If this deployment owns the role, run again with --reset-db-password to set the stored password; otherwise choose another role with --db-user.`,
    'stored password differs from the role\'s (an older deployment or database volume)',
  );
}

export const litellmDatabaseTask: Task = {
  title: 'LiteLLM database and login role',
  async check(ctx): Promise<Check> {
    const a = ctx.answers;
    const f = await inspect(ctx);
    const todo: string[] = [];
    if (!f.roleExists) todo.push(`create role ${a.dbUser}`);
    else if (!f.passwordMatches) {
      if (!ctx.options.resetDbPassword) throw mismatch(ctx);
      todo.push(`reset the password of ${a.dbUser}`);
    }
    if (!f.owner) todo.push(`create database ${a.dbName}`);
    if (todo.length) return { status: 'change', message: todo.join(', ') };
    const facts = { 'LiteLLM database': `${a.dbName} (owner ${f.owner}), role ${a.dbUser} logs in with the stored password` };
    if (f.owner !== a.dbUser) {
      return {
        status: 'warning', message: `${a.dbName} is owned by ${f.owner}, not ${a.dbUser}`, facts,
        issue: { problem: `${a.dbName} is owned by ${f.owner}; LiteLLM may be unable to create its tables.`, fix: `Run as an admin: ALTER DATABASE ${a.dbName} OWNER TO ${a.dbUser};` },
      };
    }
    return { status: 'ok', message: `${a.dbName} owned by ${a.dbUser}; password verified by login`, facts };
  },
  async apply(ctx): Promise<Outcome> {
    const pg = await import('../../infra/postgres.js');
    const a = ctx.answers;
    const password = requireSecrets(ctx).litellmDbPassword;
    const f = await inspect(ctx);
    const done: string[] = [];
    await pg.withClient(await adminTarget(ctx), async (client) => {
      if (!f.roleExists) {
        await pg.createLoginRole(client, a.dbUser, password);
        noteCreated(ctx.state, 'roles', a.dbUser);
        done.push(`created role ${a.dbUser}`);
      } else if (!f.passwordMatches) {
        if (!ctx.options.resetDbPassword) throw mismatch(ctx);
        await pg.setRolePassword(client, a.dbUser, password);
        done.push(`reset the password of ${a.dbUser}`);
      }
      if (!f.owner) {
        await pg.createDatabase(client, a.dbName, a.dbUser);
        noteCreated(ctx.state, 'databases', a.dbName);
        done.push(`created database ${a.dbName} owned by ${a.dbUser}`);
      }
    });
    return { status: 'changed', message: done.join(', '), facts: { 'LiteLLM database': `${a.dbName} (owner ${a.dbUser}), role ${a.dbUser}` } };
  },
};
