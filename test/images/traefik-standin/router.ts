/**
 * Which router takes a request, per entrypoint, as Traefik's router manager and muxer decide it
 * (pkg/server/router/router.go, pkg/config/runtime/runtime_http.go, pkg/muxer/http/mux.go):
 * - a router listens on its `entrypoints`, or on every entrypoint when it names none (the stand-in has
 *   no `asDefault`); an entrypoint that does not exist is an error, and none valid disables the router;
 * - its priority is its `priority` label, or the length of its rule when that is 0 or unset; the highest
 *   priority whose rule matches wins. Equal priorities: Traefik's order is unspecified (a Go map walked,
 *   then an unstable sort); the stand-in takes the router name in ascending order, so ties are stable;
 * - a router is disabled, with an error logged, when its rule does not parse, its service does not exist,
 *   it names a middleware (the stand-in applies none), or it uses an option the stand-in does not reproduce.
 * Names are qualified as Traefik shows them: `<router>@docker`, services `<name>@docker` or `<name>@internal`.
 */
import type { DynamicConfig, Router } from './dynamic-config.js';
import { log } from './log.js';
import { parseRule, RuleError, type Matcher, type RequestFacts } from './rules.js';

export type Target =
  /** noop@internal: 418, nothing else (pkg/server/service/internalhandler.go). */
  | { kind: 'noop' }
  | { kind: 'servers'; urls: string[] };

export interface Route {
  /** Qualified, e.g. `litellm@docker`. */
  router: string;
  service: string;
  priority: number;
  matcher: Matcher;
  target: Target;
}

/** Entrypoint name → its routes, highest priority first. */
export type RouteTable = Map<string, Route[]>;

function qualify(name: string): string {
  return name.includes('@') ? name : `${name}@docker`;
}

/** The route for one router, or the reason it is disabled. */
function resolve(name: string, r: Router, config: DynamicConfig): Omit<Route, 'router'> | string {
  if (r.unsupported.length) return `router options not reproduced by the stand-in: ${r.unsupported.join(', ')}`;
  if (r.middlewares.length) {
    const names = r.middlewares.map((m) => JSON.stringify(qualify(m))).join(', ');
    return `middleware ${names} not applied: the stand-in reproduces no middleware, so the router ${name} is disabled`;
  }
  if (r.priority === Number.POSITIVE_INFINITY) return 'the router priority exceeds the max user-defined priority 9223372036854774807';
  const service = qualify(r.service);
  let target: Target;
  if (service === 'noop@internal') {
    target = { kind: 'noop' };
  } else if (service.endsWith('@internal')) {
    return `internal service ${JSON.stringify(service)} is not reproduced by the stand-in`;
  } else {
    const s = service.endsWith('@docker') ? config.services.get(service.slice(0, -'@docker'.length)) : undefined;
    if (!s) return `the service ${JSON.stringify(service)} does not exist`;
    if (s.unsupported.length) return `service ${JSON.stringify(service)} uses options not reproduced by the stand-in: ${s.unsupported.join(', ')}`;
    target = { kind: 'servers', urls: s.servers };
  }
  let matcher: Matcher;
  try {
    matcher = parseRule(r.rule);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return `error while parsing rule ${r.rule}: ${error.message}`;
  }
  return { service, priority: r.priority || r.rule.length, matcher, target };
}

export function buildRoutes(config: DynamicConfig, entryPoints: readonly string[]): RouteTable {
  const table: RouteTable = new Map(entryPoints.map((ep) => [ep, []]));
  for (const [name, r] of config.routers) {
    const router = qualify(name);
    const on = r.entryPoints.length ? r.entryPoints : [...entryPoints];
    const valid = on.filter((ep) => {
      if (table.has(ep)) return true;
      log('error', "EntryPoint doesn't exist", { routerName: router, entryPointName: ep });
      return false;
    });
    if (valid.length === 0) {
      log('error', 'No valid entryPoint for this router', { routerName: router });
      continue;
    }
    const resolved = resolve(router, r, config);
    if (typeof resolved === 'string') {
      log('error', resolved, { routerName: router });
      continue;
    }
    for (const ep of new Set(valid)) table.get(ep)!.push({ router, ...resolved });
  }
  for (const routes of table.values()) routes.sort((a, b) => b.priority - a.priority || (a.router < b.router ? -1 : a.router > b.router ? 1 : 0));
  return table;
}

export function pickRoute(routes: readonly Route[], facts: RequestFacts): Route | undefined {
  return routes.find((r) => r.matcher(facts));
}
