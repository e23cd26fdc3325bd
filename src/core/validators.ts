/**
 * Pure validators: `(value) => message | undefined`. They plug into clack's `validate` and into the
 * non-interactive path alike, so a value is judged the same way however it arrives.
 */
export type Validator = (value: string) => string | undefined;

export const required: Validator = (v) => (v.trim() === '' ? 'A value is required.' : undefined);

export const port: Validator = (v) => {
  if (!/^\d+$/.test(v.trim())) return `"${v}" is not a port number; use a whole number from 1 to 65535.`;
  const n = Number(v);
  return n >= 1 && n <= 65535 ? undefined : `Port ${n} is out of range; use 1 to 65535.`;
};

export const bindAddress: Validator = (v) => {
  const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
  return ipv4.test(v.trim()) ? undefined : `"${v}" is not an IPv4 address; use 0.0.0.0 (all interfaces), 127.0.0.1 or a LAN address.`;
};

export const hostName: Validator = (v) => {
  const label = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  return new RegExp(`^${label}(\\.${label})*$`).test(v)
    ? undefined
    : `"${v}" is not a valid host name; use letters, digits, "-" and dots, e.g. linuxserver.lan.`;
};

/** PostgreSQL database and role names: lower-case identifiers that never need quoting by a person. */
export const sqlIdentifier: Validator = (v) =>
  /^[a-z_][a-z0-9_]{0,62}$/.test(v)
    ? undefined
    : `"${v}" is not a safe PostgreSQL name; use lower-case letters, digits and "_", starting with a letter or "_", at most 63 characters.`;

/**
 * PostgreSQL's reserved key words (its documentation's appendix C, "reserved" in PostgreSQL): as a role
 * or database name each one needs quoting in every statement a person types, and some (`user`) mean
 * something else unquoted.
 */
const sqlReserved = new Set(('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create '
  + 'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end '
  + 'except false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp not '
  + 'null offset on only or order placing primary references returning select session_user some symmetric system_user table then to '
  + 'trailing true union unique user using variadic when where window with').split(' '));

/** A role name: a safe identifier, not a key word, not one PostgreSQL keeps for itself. */
export const sqlRole: Validator = (v) => {
  const base = sqlIdentifier(v);
  if (base) return base;
  if (sqlReserved.has(v)) return `"${v}" is an SQL key word PostgreSQL reserves; choose another name, e.g. ${v}_role.`;
  if (v.startsWith('pg_') || v === 'public' || v === 'none') return `"${v}" is a role name PostgreSQL keeps for itself; choose another, e.g. app_${v.replace(/^pg_/, '')}.`;
  return undefined;
};

/** A database name: a safe identifier, not a key word, not one of PostgreSQL's templates. */
export const sqlDatabase: Validator = (v) => {
  const base = sqlIdentifier(v);
  if (base) return base;
  if (sqlReserved.has(v)) return `"${v}" is an SQL key word PostgreSQL reserves; choose another name, e.g. ${v}_db.`;
  if (v === 'template0' || v === 'template1') return `"${v}" is one of PostgreSQL's template databases; choose another name.`;
  return undefined;
};

/** A deployment name: compose project names are lower case, and ours add "-connector" and "-net". */
export const deploymentName: Validator = (v) =>
  /^[a-z0-9][a-z0-9_-]{0,39}$/.test(v) ? undefined : `"${v}" is not a deployment name; use lower-case letters, digits, "_" and "-" (at most 40), starting with a letter or digit, e.g. gateway-lab.`;

/** Docker network and compose names. */
export const dockerName: Validator = (v) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(v)
    ? undefined
    : `"${v}" is not a valid Docker name; use letters, digits, "_", "." and "-", starting with a letter or digit.`;

/** A user network: Docker's predefined host, bridge and none have no service names to resolve. */
export const dockerNetwork: Validator = (v) => {
  const base = dockerName(v);
  if (base) return base;
  return ['host', 'bridge', 'none'].includes(v) ? `"${v}" is one of Docker's predefined networks, where containers cannot find each other by name; use a network of your own, e.g. litellm-mcp-net.` : undefined;
};

/** LiteLLM raises on a `-` in an MCP server name or alias: it is the tool-prefix separator (FACTS.md). */
export const mcpServerName: Validator = (v) =>
  /^[A-Za-z0-9_]{1,64}$/.test(v)
    ? undefined
    : `"${v}" cannot be an MCP server name in LiteLLM; use only letters, digits and "_" (a "-" breaks its tool prefix), e.g. db_main.`;

/** image[:tag][@digest], optionally with a registry host (a mirror). */
export const imageRef: Validator = (v) =>
  /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(v)
    ? undefined
    : `"${v}" is not a Docker image reference; use e.g. ghcr.io/berriai/litellm:v1.77.3-stable or a mirror such as registry.lan/litellm:v1.77.3-stable.`;

export const traefikEntrypoint: Validator = (v) =>
  /^[A-Za-z0-9_-]{1,64}$/.test(v) ? undefined : `"${v}" is not a Traefik entrypoint name; use e.g. web or websecure.`;

/** A LiteLLM key alias: shown in its admin UI and used by us to find our key again. */
export const keyAlias: Validator = (v) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v) ? undefined : `"${v}" is not a usable key alias; use letters, digits, "_", "." and "-" (at most 64), e.g. litellm-mcp-db_readers.`;

/**
 * A duration as LiteLLM 1.77.3's duration parser reads it (`(\d+)(mo|[smhdw]?)`): a bare number there is
 * an "Unsupported duration unit" and the spend-log clean-up silently deletes nothing, so a unit is required.
 */
export const litellmDuration: Validator = (v) =>
  /^[1-9][0-9]{0,4}(s|m|h|d|w|mo)$/.test(v) ? undefined : `"${v}" is not a LiteLLM duration; use a number and a unit: s, m, h, d, w or mo (e.g. 30d).`;

/** A label value for log shippers (Promtail's `project` label): letters, digits, ".", "_" and "-". */
export const labelValue: Validator = (v) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(v) ? undefined : `"${v}" is not a usable label value; use letters, digits, "_", "." and "-" (at most 63), e.g. litellm-mcp.`;

/** An optional limit: "none", or a positive number (whole when `integer`). */
export function limit(what: string, integer: boolean): Validator {
  return (v) => {
    if (v.trim() === 'none') return undefined;
    const n = Number(v);
    const ok = v.trim() !== '' && Number.isFinite(n) && n > 0 && (!integer || Number.isInteger(n));
    return ok ? undefined : `"${v}" is not a ${what}; use a positive ${integer ? 'whole number' : 'number'}, or "none" for no limit.`;
  };
}

export function oneOf(values: readonly string[]): Validator {
  return (v) => (values.includes(v) ? undefined : `"${v}" is not one of: ${values.join(', ')}.`);
}

export function listOf(values: readonly string[]): Validator {
  return (v) => {
    const bad = splitList(v).filter((item) => !values.includes(item));
    return bad.length === 0 ? undefined : `Unknown: ${bad.join(', ')}. Choose from: ${values.join(', ')} (comma-separated, or "none").`;
  };
}

/** Each item of a comma-separated list (or "none") judged by one validator. */
export function eachOf(validate: Validator): Validator {
  return (v) => {
    for (const item of splitList(v)) {
      const problem = validate(item);
      if (problem) return problem;
    }
    return undefined;
  };
}

export function splitList(v: string): string[] {
  const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length === 1 && items[0] === 'none' ? [] : items;
}

export function all(...validators: Validator[]): Validator {
  return (v) => {
    for (const validate of validators) {
      const problem = validate(v);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** LiteLLM tasks on a swarm: one to twenty (more wants a look at the database's connection limit first). */
export const replicas: Validator = (v) => {
  const n = Number(v);
  return /^\d+$/.test(v.trim()) && n >= 1 && n <= 20 ? undefined : `"${v}" is not a replica count; use a whole number from 1 to 20.`;
};
