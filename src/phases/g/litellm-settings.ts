/**
 * LiteLLM's settings as deployed (config.yaml on disk, the secrets it reads), judged against what
 * FACTS.md says 1.77.3 does with them: a master key that is long and starts with `sk-` (otherwise it is
 * logged and stored in spend logs in plain text), a salt key of its own, no
 * `allow_requests_on_db_unavailable` (it accepts any key while the database is down), `store_model_in_db`
 * off, background health checks with a numeric interval, JSON logs, spend-log retention. Prometheus
 * metrics are Enterprise-only in 1.77.3: said, not promised.
 */
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { generated } from '../../core/paths.js';
import type { Finding } from '../../core/state.js';
import { verifyTask, type Check } from '../../core/task.js';
import { readIfExists } from '../../infra/files.js';
import { yaml } from '../../infra/yaml.js';
import { requireSecrets } from '../shared/secrets.js';

type Raw = Record<string, unknown>;
const regenerate = 'Remove your edit of litellm/config/config.yaml (`litellm-mcp phase c --force`), then `litellm-mcp phase e`.';

export function settingsFindings(config: Raw, secrets: { masterKey: string; saltKey: string }): Finding[] {
  const general = (config.general_settings ?? {}) as Raw;
  const settings = (config.litellm_settings ?? {}) as Raw;
  const out: Finding[] = [];
  const master = secrets.masterKey;
  if (!master.startsWith('sk-')) out.push({ severity: 'high', title: 'Master key without the sk- prefix', evidence: `${master.length} characters, no sk- prefix: 1.77.3 logs it and stores it in spend logs in plain text`, fix: 'Give LITELLM_MASTER_KEY in secrets/generated.env a value starting with sk-, then `litellm-mcp phase a` and `phase e`.' });
  if (master.length < 32) out.push({ severity: 'high', title: 'Short master key', evidence: `${master.length} characters`, fix: 'Use at least 32 random characters (litellm-mcp generates 35).' });
  if (!secrets.saltKey || secrets.saltKey === master) out.push({ severity: 'medium', title: 'No salt key of its own', evidence: 'LITELLM_SALT_KEY is unset or equals the master key: stored credentials are then encrypted with the master key, and rotating it makes them unreadable', fix: 'Set LITELLM_SALT_KEY once, before any credential is stored, and never change it.' });
  if (general.allow_requests_on_db_unavailable === true || general.allow_requests_on_db_unavailable === 'true') out.push({ severity: 'high', title: 'allow_requests_on_db_unavailable is on', evidence: 'general_settings.allow_requests_on_db_unavailable: true accepts ANY key while the database is unreachable', fix: regenerate });
  if (general.store_model_in_db !== false) out.push({ severity: 'low', title: 'store_model_in_db is not off', evidence: `general_settings.store_model_in_db: ${JSON.stringify(general.store_model_in_db)}`, fix: regenerate });
  if (general.background_health_checks !== true || typeof general.health_check_interval !== 'number') out.push({ severity: 'low', title: 'No background health checks', evidence: `background_health_checks ${JSON.stringify(general.background_health_checks)}, health_check_interval ${JSON.stringify(general.health_check_interval)} (a string disables them): every /health call reaches every provider`, fix: regenerate });
  if (settings.json_logs !== true) out.push({ severity: 'low', title: 'Logs are not JSON', evidence: `litellm_settings.json_logs: ${JSON.stringify(settings.json_logs)}`, fix: regenerate });
  if (typeof general.maximum_spend_logs_retention_period !== 'string') out.push({ severity: 'info', title: 'Spend logs kept forever', evidence: 'no maximum_spend_logs_retention_period', fix: 'Set --spend-log-retention (e.g. 30d), then `litellm-mcp phase c` and `phase e`.' });
  out.push({ severity: 'info', title: 'No Prometheus metrics', evidence: 'LiteLLM 1.77.3 serves its metrics only with an Enterprise licence (without one /metrics has nothing about requests)', accepted: 'observe through the JSON logs (labelled for log shippers), `litellm-mcp check`, and spend logs' });
  return out;
}

export const litellmSettingsTask = verifyTask('LiteLLM settings: keys, database fallback, health checks, logs', async (ctx: Context): Promise<Check> => {
  const text = readIfExists(join(ctx.paths.dir, generated.litellmConfig)) ?? '';
  const config = (yaml().parse(text) ?? {}) as Raw;
  const findings = settingsFindings(config, requireSecrets(ctx));
  const general = (config.general_settings ?? {}) as Raw;
  const facts = `background health checks every ${String(general.health_check_interval ?? '-')} s; spend logs kept ${String(general.maximum_spend_logs_retention_period ?? 'forever')}; JSON logs ${String(((config.litellm_settings ?? {}) as Raw).json_logs === true)}`;
  const serious = findings.filter((f) => f.severity === 'high' || f.severity === 'medium');
  return {
    status: serious.length ? 'warning' : 'ok',
    message: serious.length ? serious.map((f) => f.title).join('; ') : facts,
    facts: { 'LiteLLM settings': facts },
    findings,
    ...(serious.length ? { issue: { problem: serious.map((f) => `${f.title}: ${f.evidence}.`).join(' '), fix: serious[0]!.fix ?? regenerate } } : {}),
  };
});
