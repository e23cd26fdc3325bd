/**
 * LiteLLM 1.77.3's route groups and the two route checks a virtual key meets (from the 1.77.3 source:
 * litellm/proxy/_types.py `LiteLLMRoutes`, litellm/proxy/auth/route_checks.py). FACTS.md: "Per-key
 * `allowed_routes` is enforced: exact routes, route-group names (`llm_api_routes`, `info_routes`,
 * `mcp_routes`, ...) or prefixes ending in `*`. `key_type: llm_api` sets `["llm_api_routes"]`, which covers
 * `/v1/chat/completions`, `/v1/models`-style LLM routes and `/mcp`, `/mcp/`, `/mcp/{path}`, but **not**
 * `/mcp-rest/*` or `/v1/mcp/*`."
 */

/** Each route with and without the `/v1` prefix. */
const v1 = (...routes: string[]) => routes.flatMap((r) => [r, `/v1${r}`]);
const engines = (op: string) => [`/engines/{model}/${op}`, `/openai/deployments/{model}/${op}`, ...v1(`/${op}`)];

const openai_routes = [
  ...engines('chat/completions'), ...engines('completions'), ...engines('embeddings'),
  ...v1('/images/generations', '/images/edits', '/audio/transcriptions', '/audio/speech', '/moderations'),
  ...v1('/batches', '/batches/{batch_id}', '/files', '/files/{file_id}', '/files/{file_id}/content'),
  ...v1('/fine_tuning/jobs', '/fine_tuning/jobs/{fine_tuning_job_id}/cancel', '/assistants', '/assistants/{assistant_id}'),
  ...v1('/threads', '/threads/{thread_id}', '/threads/{thread_id}/messages', '/threads/{thread_id}/runs', '/models'),
  '/utils/token_counter', '/utils/transform_request', ...v1('/rerank'), '/v2/rerank', ...v1('/realtime', '/realtime?{model}'),
  ...v1('/responses', '/responses/{response_id}', '/responses/{response_id}/input_items', '/responses/{response_id}/cancel'),
  ...v1('/vector_stores', '/vector_stores/{vector_store_id}/search'),
];
const mapped_pass_through_routes = ['/bedrock', '/vertex-ai', '/vertex_ai', '/cohere', '/gemini', '/anthropic', '/langfuse', '/azure', '/openai', '/assemblyai', '/eu.assemblyai', '/vllm', '/mistral'];
const anthropic_routes = ['/v1/messages'];
const mcp_routes = ['/mcp', '/mcp/', '/mcp/{subpath}', '/mcp/tools', '/mcp/tools/list', '/mcp/tools/call'];
const key_management_routes = ['/key/generate', '/key/update', '/key/delete', '/key/info', '/key/regenerate', '/key/service-account/generate', '/key/{key_id}/regenerate', '/key/list', '/key/block', '/key/unblock'];
const info_routes = [
  '/key/info', '/key/health', '/team/info', '/team/list', '/v2/team/list', '/organization/list', '/team/available', '/user/info',
  '/model/info', '/v1/model/info', '/v2/model/info', '/v2/key/info', '/model_group/info', '/health', '/key/list', '/user/filter/ui', '/models', '/v1/models',
];
const spend_tracking_routes = ['/spend/keys', '/spend/users', '/spend/tags', '/spend/calculate', '/spend/logs'];
const global_spend_tracking_routes = ['/global/spend/logs', '/global/spend', '/global/spend/keys', '/global/spend/teams', '/global/spend/end_users', '/global/spend/models', '/global/predict/spend/logs', '/global/spend/report', '/global/spend/provider'];
const self_managed_routes = [
  '/team/member_add', '/team/member_delete', '/team/member_update', '/team/permissions_list', '/team/permissions_update', '/team/daily/activity',
  '/model/new', '/model/update', '/model/delete', '/user/daily/activity', '/model/{model_id}/update', '/prompt/list', '/prompt/info',
];
const management_routes = [
  '/user/new', '/user/update', '/user/delete', '/user/info', '/team/new', '/team/update', '/team/delete', '/team/list', '/v2/team/list', '/team/info',
  '/team/block', '/team/unblock', '/team/available', '/team/permissions_list', '/team/permissions_update', '/model/new', '/model/update', '/model/delete', '/model/info',
  ...key_management_routes,
];
const admin_viewer_routes = ['/user/list', '/user/available_users', '/user/available_roles', '/user/daily/activity', '/team/daily/activity', '/tag/daily/activity', '/tag/list', ...info_routes];
const org_admin_only_routes = ['/organization/info', '/organization/delete', '/organization/member_add', '/organization/member_update'];

/** The members a key's `allowed_routes` may name (LiteLLMRoutes._member_names_ that hold routes). */
export const routeGroups: Readonly<Record<string, readonly string[]>> = {
  openai_routes, mapped_pass_through_routes, anthropic_routes, mcp_routes, key_management_routes, info_routes, management_routes,
  spend_tracking_routes, global_spend_tracking_routes, self_managed_routes, admin_viewer_routes, org_admin_only_routes,
  passthrough_routes_wildcard: mapped_pass_through_routes.map((r) => `${r}/*`),
  google_routes: ['/v1beta/models/{model_name}:countTokens', '/v1beta/models/{model_name}:generateContent', '/v1beta/models/{model_name}:streamGenerateContent', '/models/{model_name}:countTokens', '/models/{model_name}:generateContent', '/models/{model_name}:streamGenerateContent'],
  apply_guardrail_routes: ['/guardrails/apply_guardrail'],
  llm_api_routes: [...openai_routes, ...anthropic_routes, ...mapped_pass_through_routes, ...mapped_pass_through_routes.map((r) => `${r}/*`), '/guardrails/apply_guardrail', ...mcp_routes],
  master_key_only_routes: ['/global/spend/reset', '/memory-usage-in-mem-cache', '/memory-usage-in-mem-cache-items'],
  internal_user_routes: ['/global/spend/tags', '/global/spend/keys', '/global/spend/models', '/global/spend/provider', '/global/spend/end_users', '/global/activity', '/global/activity/model', '/v1/models/{model_id}', '/models/{model_id}', ...spend_tracking_routes, ...key_management_routes],
  internal_user_view_only_routes: [...spend_tracking_routes, ...global_spend_tracking_routes],
  org_admin_allowed_routes: [...org_admin_only_routes, ...management_routes, ...self_managed_routes, ...admin_viewer_routes],
  public_routes: ['/routes', '/', '/health/liveliness', '/health/liveness', '/health/readiness', '/test', '/config/yaml', '/metrics', '/litellm/.well-known/litellm-ui-config', '/.well-known/litellm-ui-config', '/public/model_hub'],
  ui_routes: [
    '/sso', '/sso/get/ui_settings', '/login', '/key/info', '/config', '/spend', '/model/info', '/v2/model/info', '/v2/key/info', '/models', '/v1/models', '/global/spend',
    '/global/spend/logs', '/global/spend/keys', '/global/spend/models', '/global/predict/spend/logs', '/global/activity', '/health/services', '/get/litellm_model_cost_map', ...info_routes,
  ],
};

/** _route_matches_pattern: `{name}` stands for one path segment, the whole route must match. */
function matchesPattern(route: string, pattern: string): boolean {
  const source = pattern.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${source}$`).test(route);
}

/** check_route_access: exact, a `*` prefix, or a `{param}` pattern of the list. */
export function checkRouteAccess(route: string, allowed: readonly string[]): boolean {
  if (allowed.includes(route)) return true;
  if (allowed.some((a) => a.endsWith('*') && route.startsWith(a.slice(0, -1)))) return true;
  return allowed.some((a) => matchesPattern(route, a));
}

export class RouteNotAllowed extends Error {}

/** is_virtual_key_allowed_to_call_route: an empty list allows all; else exact, group name, or `*` prefix. */
export function checkKeyRoute(route: string, allowedRoutes: readonly string[] | null): void {
  if (!allowedRoutes || allowedRoutes.length === 0) return;
  if (allowedRoutes.includes(route)) return;
  if (allowedRoutes.some((name) => routeGroups[name] !== undefined && checkRouteAccess(route, routeGroups[name]!))) return;
  if (allowedRoutes.some((a) => (a.endsWith('*') ? route.startsWith(a.slice(0, -1)) : route === a))) return;
  throw new RouteNotAllowed(`Virtual key is not allowed to call this route. Only allowed to call routes: ${pyList(allowedRoutes)}. Tried to call route: ${route}`);
}

/** RouteChecks.is_llm_api_route. */
export function isLlmApiRoute(route: string): boolean {
  if (openai_routes.includes(route) || anthropic_routes.includes(route) || checkRouteAccess(route, mcp_routes)) return true;
  if (openai_routes.some((r) => r.includes('{') && matchesPattern(route, r))) return true;
  if (/^\/openai\/deployments\/[^/]+\/[^/]+\/chat\/completions$/.test(route) || /^\/engines\/[^/]+\/chat\/completions$/.test(route)) return true;
  return mapped_pass_through_routes.some((r) => route.includes(r));
}

/**
 * The part of non_proxy_admin_allowed_routes_check a key with no user (role unknown) can pass: LLM routes,
 * info routes, self-managed routes and anything under /v1/mcp/ or /mcp-rest/ ("authN/authZ handled by api
 * itself"). Anything else ends in "Only proxy admin can ...".
 */
export function keyWithoutUserMayCall(route: string): boolean {
  return isLlmApiRoute(route) || info_routes.includes(route) || checkRouteAccess(route, self_managed_routes) || route.startsWith('/v1/mcp/') || route.startsWith('/mcp-rest/');
}

/** Python's repr() of a list of strings, as f-strings print it. */
export function pyList(items: readonly string[]): string {
  return `[${items.map((s) => (s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)).join(', ')}]`;
}
