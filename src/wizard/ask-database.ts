/**
 * The database question of the quick path: a dedicated container, one of the PostgreSQL containers found
 * running here (on a network of their own: the default bridge gives no name to dial), or another shared
 * one typed by hand. Picking a found one fills its host, port, network and admin user.
 */
import * as p from '@clack/prompts';
import type { AnswerKey, Answers } from '../core/answers.js';
import { questions, type Question } from '../core/questions.js';
import type { FoundPostgres } from '../infra/host-survey.js';
import { abortIfCancelled } from './abort-if-cancelled.js';

type Ask = (q: Question, current: string) => Promise<string>;
const question = (key: AnswerKey) => questions.find((q) => q.key === key)!;

export async function askDatabase(a: Answers, found: readonly FoundPostgres[], ask: Ask): Promise<Partial<Answers>> {
  const reachable = found.filter((f) => f.networks.length > 0);
  const bridgeOnly = found.filter((f) => f.networks.length === 0);
  if (bridgeOnly.length) {
    p.log.info(`Found ${bridgeOnly.map((f) => f.container).join(', ')} on Docker's default bridge only: to use one, \`docker network connect <network> <container>\` first.`);
  }
  const current = a.dbStrategy === 'shared' ? (reachable.find((f) => f.container === a.dbHost) ? `found:${a.dbHost}` : 'shared') : 'dedicated';
  const choice = abortIfCancelled(await p.select({
    message: 'Which PostgreSQL should LiteLLM use?',
    initialValue: current,
    options: [
      { value: 'dedicated', label: 'A dedicated PostgreSQL container', hint: 'nothing else needed' },
      ...reachable.map((f) => ({ value: `found:${f.container}`, label: `${f.container}, running here on ${f.networks.join(', ')}`, hint: `${f.image}; shared, needs its admin password` })),
      { value: 'shared', label: 'Another shared PostgreSQL', hint: 'type its container name and network' },
    ],
  }));
  if (choice === 'dedicated') return { dbStrategy: 'dedicated' };
  const picked = reachable.find((f) => `found:${f.container}` === choice);
  if (!picked) {
    const out: Partial<Answers> = { dbStrategy: 'shared' };
    for (const key of ['dbHost', 'dbPort', 'dbAdminUser', 'postgresNetwork'] as const) {
      const q = question(key);
      const raw = await ask(q, String(a[key]));
      Object.assign(out, { [key]: key === 'dbPort' ? Number(raw) : raw });
    }
    return out;
  }
  const network = picked.networks.length === 1 ? picked.networks[0]! : abortIfCancelled(await p.select({
    message: `${picked.container} is on several networks: which one should LiteLLM join to reach it?`,
    options: picked.networks.map((n) => ({ value: n, label: n })),
  }));
  const adminUser = await ask(question('dbAdminUser'), picked.adminUser);
  return { dbStrategy: 'shared', dbHost: picked.container, dbPort: picked.port, postgresNetwork: network, dbAdminUser: adminUser };
}
