/** The key API of the running gateway, and the list of replaced keys still to delete. */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import type { KeyApi } from '../../infra/litellm-keys.js';
import { gatewayApi } from '../e/verify-litellm.js';
import { requireSecrets } from '../shared/secrets.js';

export async function keyApiOf(ctx: Context): Promise<KeyApi> {
  const [{ keyApi }, api] = await Promise.all([import('../../infra/litellm-keys.js'), gatewayApi(ctx)]);
  return keyApi(api.base, requireSecrets(ctx).masterKey);
}

/**
 * The two ways the key API fails before it can say anything about keys, in words a person can act on:
 * LiteLLM not answering, and LiteLLM refusing our master key.
 */
export async function explainGatewayFailure(ctx: Context, error: unknown): Promise<never> {
  const [{ HttpFailure }, { KeyApiError, errorText }] = await Promise.all([import('../../infra/http.js'), import('../../infra/litellm-keys.js')]);
  const base = (await gatewayApi(ctx)).base;
  if (error instanceof HttpFailure) {
    throw new TaskFailure(`LiteLLM does not answer on ${base} (${error.code}), so the client key cannot be checked or minted.`, 'Start and verify the gateway first: `litellm-mcp phase e`.');
  }
  if (error instanceof KeyApiError && (error.status === 401 || error.status === 403)) {
    throw new TaskFailure(
      `LiteLLM refused the master key from secrets/generated.env (${error.status}: ${errorText(error.body).slice(0, 160)}).`,
      'The running LiteLLM was started with another master key: run `litellm-mcp phase e` to restart it with secrets/litellm.env, then `litellm-mcp phase f`.',
    );
  }
  throw error;
}

/** Recorded in the state (hashes only) so that a crash before the end of the phase forgets none. */
export function retireLater(ctx: Context, tokens: readonly string[]): void {
  const all = new Set([...(ctx.state.retiringKeys ?? []), ...tokens]);
  if (all.size > 0) ctx.state.retiringKeys = [...all];
}
