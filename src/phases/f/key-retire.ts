/**
 * The last task of phase F: delete the client keys that were replaced, now that the client files carry
 * the new key and it has been proven. A failure before this point leaves the old key working.
 */
import type { Task } from '../../core/task.js';
import { keyApiOf } from './key-api.js';

export const clientKeyRetireTask: Task = {
  title: 'Replaced client keys deleted',
  async check(ctx) {
    const n = ctx.state.retiringKeys?.length ?? 0;
    if (n === 0) return { status: 'ok', message: 'no replaced key to delete' };
    return { status: 'change', message: `${n} replaced key(s) to delete now that the new key is proven` };
  },
  async apply(ctx) {
    const tokens = ctx.state.retiringKeys ?? [];
    const api = await keyApiOf(ctx);
    await api.delete(tokens);
    // Judged by LiteLLM, not by its answer: a key still listed under any alias was not deleted.
    const left = (await Promise.all(tokens.map(async (t) => ((await api.infoByToken(t)) ? t : undefined)))).filter((t) => t !== undefined);
    if (left.length > 0) throw new Error(`LiteLLM still holds ${left.length} replaced key(s) after POST /key/delete`);
    delete ctx.state.retiringKeys;
    return { status: 'changed', message: `deleted ${tokens.length} replaced key(s); LiteLLM no longer knows them` };
  },
};
