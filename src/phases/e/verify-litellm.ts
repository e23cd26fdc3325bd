/**
 * Proves LiteLLM from the host through its published port: alive, ready with its database connected,
 * serving exactly the configured models, and answering a completion on the mock model.
 */
import { containersOf } from '../../diagnose/containers.js';
import { databaseHost } from '../../core/answers.js';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { redact } from '../../core/redact.js';
import { verifyTask, type Check } from '../../core/task.js';
import { diagnoseLitellm } from '../../diagnose/litellm-startup.js';
import { hostAddress } from '../../infra/host-address.js';
import type { LitellmApi } from '../../infra/litellm-api.js';
import { readDeployedConfig } from './deployed-config.js';
import { requireSecrets } from '../shared/secrets.js';

/** Loaded on use: the report lists these tasks, and `status` need not load node:http to do so. */
export async function gatewayApi(ctx: Context): Promise<LitellmApi> {
  const { litellmApi } = await import('../../infra/litellm-api.js');
  return litellmApi(ctx.endpoints?.litellm ?? `http://${hostAddress(ctx.answers.bindAddress)}:${ctx.answers.litellmPort}`, requireSecrets(ctx).masterKey);
}

async function notReady(ctx: Context, detail: string): Promise<never> {
  const api = await ctx.infra.docker();
  const c = await api.findService(projectsOf(ctx.answers.name).gateway, services.litellm, ctx.answers.network);
  const { lastLogLines } = await import('../../infra/docker-logs.js');
  const logs = c ? (await lastLogLines(api.raw, c.id, 40)).map(redact) : [];
  const issue = diagnoseLitellm({ detail, logs, dbHost: databaseHost(ctx.answers), ...(c ? { container: c.name } : {}) });
  throw new TaskFailure(issue.problem, issue.fix, issue.cause);
}

export const verifyLitellmTask = verifyTask('LiteLLM answers: alive, ready, models, mock completion', async (ctx): Promise<Check> => {
  const [api, { HttpFailure }] = await Promise.all([gatewayApi(ctx), import('../../infra/http.js')]);
  const config = await readDeployedConfig(ctx);
  const facts: Record<string, string> = {};
  const live = await api.get('/health/liveliness', false).catch((error: unknown) => {
    const said = error instanceof HttpFailure ? error.message : String(error);
    throw new TaskFailure(
      `LiteLLM does not answer on ${api.base}: ${said}.`,
      `Check that the container publishes ${ctx.answers.bindAddress}:${ctx.answers.litellmPort} (\`docker ps\`) and that nothing between here and it (a firewall) drops the connection.`,
    );
  });
  if (live.status !== 200) await notReady(ctx, `answers ${live.status} on /health/liveliness`);
  facts['LiteLLM liveliness'] = `${live.status} ${live.text.trim()} in ${live.ms} ms`;

  const ready = await api.get('/health/readiness', false);
  const readiness = ready.json as { status?: string; db?: string; detail?: string } | undefined;
  // With a database the top-level status is "connected"; `db: connected` alone only says a client exists.
  if (ready.status !== 200 || readiness?.status !== 'connected') {
    await notReady(ctx, `is not ready: /health/readiness answered ${ready.status} ${redact(ready.text).slice(0, 300)}`);
  }
  facts['LiteLLM readiness'] = `status ${readiness?.status}, db ${readiness?.db ?? '?'} (${ready.ms} ms)`;

  const models = await api.get('/v1/models');
  const served = ((models.json as { data?: Array<{ id: string }> } | undefined)?.data ?? []).map((m) => m.id).sort();
  const configured = config.models.map((m) => m.name).sort();
  if (models.status !== 200) {
    throw new TaskFailure(`/v1/models answered ${models.status} with the master key.`, 'Check that LITELLM_MASTER_KEY in secrets/litellm.env is the key LiteLLM uses (general_settings.master_key: os.environ/LITELLM_MASTER_KEY).');
  }
  if (served.join(',') !== configured.join(',')) {
    throw new TaskFailure(`LiteLLM serves models [${served.join(', ')}] but config.yaml configures [${configured.join(', ')}].`, 'LiteLLM may run an older config: run `litellm-mcp phase e` again to restart it with the current one.');
  }
  facts['Models'] = `${served.join(', ')} (${served.length}, exactly as configured)`;

  const mock = config.models.find((m) => m.mockResponse !== undefined);
  if (!mock) return { status: 'warning', message: 'no mock_response model configured; completion not tried', facts };
  const chat = await api.post('/v1/chat/completions', { model: mock.name, messages: [{ role: 'user', content: 'Say hello.' }] });
  const content = (chat.json as { choices?: Array<{ message?: { content?: string } }> } | undefined)?.choices?.[0]?.message?.content;
  if (chat.status !== 200 || content !== mock.mockResponse) {
    throw new TaskFailure(`A completion on ${mock.name} answered ${chat.status}: ${redact(chat.text).slice(0, 300)}`, `Read \`docker logs ${containersOf(ctx.answers.name).litellm}\` for the error.`);
  }
  facts['Mock completion'] = `${mock.name} answered "${content}" in ${chat.ms} ms`;
  return { status: 'ok', message: `alive, ready (database connected), ${served.length} model(s), mock completion answered`, facts };
});
