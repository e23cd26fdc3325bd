import * as p from '@clack/prompts';
import { registerSecret } from '../core/redact.js';
import { abortIfCancelled } from './abort-if-cancelled.js';

/** Asked, used for this run, never saved. */
export async function askAdminPassword(user: string): Promise<string> {
  const password = abortIfCancelled(await p.password({ message: `Password of the PostgreSQL admin ${user} (used now, never saved)`, validate: (v) => (v ? undefined : 'A password is required.') }));
  registerSecret(password);
  return password;
}
