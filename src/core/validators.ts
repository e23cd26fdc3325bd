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

/** Docker network and compose names. */
export const dockerName: Validator = (v) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(v)
    ? undefined
    : `"${v}" is not a valid Docker name; use letters, digits, "_", "." and "-", starting with a letter or digit.`;

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
