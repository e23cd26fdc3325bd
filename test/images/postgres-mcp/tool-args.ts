/**
 * Tool arguments as FastMCP (python mcp 1.6.0) takes them: a JSON string argument that parses to a
 * list, dict or null is replaced by the parsed value (pre_parse_json), then the pydantic model
 * `<tool>Arguments` validates in lax mode; a failure answers `isError: true` with
 * "Error executing tool <tool>: N validation error(s) for <tool>Arguments ...". The messages cover the
 * types these tools use (str, int, bool, Literal, lists), not all of pydantic.
 */
import { PyFloat, PyInt, repr, type PyValue } from './python-repr.js';

export type ParamType = 'str' | 'int' | 'bool' | 'list_str' | 'list_dict' | 'literal';

export interface Param {
  name: string;
  type: ParamType;
  description: string;
  /** Absent: required. */
  default?: PyValue;
  choices?: string[];
}

/** The JSON value a client sent, as a Python value (json.loads keeps ints and floats apart). */
export function fromJson(value: unknown): PyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && !String(value).includes('e') ? new PyInt(BigInt(value)) : new PyFloat(value);
  if (Array.isArray(value)) return value.map(fromJson);
  return new Map(Object.entries(value as object).map(([k, v]) => [k, fromJson(v)]));
}

const typeName = (v: PyValue): string => {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyInt) return 'int';
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  return 'object';
};

interface Failure {
  loc: string;
  type: string;
  msg: string;
  input: PyValue;
}

function checkInt(v: PyValue): PyInt | Omit<Failure, 'loc' | 'input'> {
  if (v instanceof PyInt) return v;
  if (typeof v === 'boolean') return new PyInt(v ? 1n : 0n);
  if (v instanceof PyFloat) {
    if (Number.isInteger(v.value)) return new PyInt(BigInt(v.value));
    return { type: 'int_from_float', msg: 'Input should be a valid integer, got a number with a fractional part' };
  }
  if (typeof v === 'string') {
    if (/^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) return new PyInt(BigInt(v.trim().replace(/_/g, '')));
    return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
  }
  return { type: 'int_type', msg: 'Input should be a valid integer' };
}

function checkBool(v: PyValue): boolean | Omit<Failure, 'loc' | 'input'> {
  if (typeof v === 'boolean') return v;
  if (v instanceof PyInt && (v.value === 0n || v.value === 1n)) return v.value === 1n;
  if (v instanceof PyFloat && (v.value === 0 || v.value === 1)) return v.value === 1;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (['1', 'on', 't', 'true', 'y', 'yes'].includes(s)) return true;
    if (['0', 'off', 'f', 'false', 'n', 'no'].includes(s)) return false;
    return { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' };
  }
  if (v instanceof PyInt || v instanceof PyFloat) return { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' };
  return { type: 'bool_type', msg: 'Input should be a valid boolean' };
}

function validate(param: Param, v: PyValue, failures: Failure[]): PyValue {
  const fail = (f: Omit<Failure, 'loc' | 'input'>, loc = param.name, input = v) => {
    failures.push({ ...f, loc, input });
    return v;
  };
  switch (param.type) {
    case 'str':
      return typeof v === 'string' ? v : fail({ type: 'string_type', msg: 'Input should be a valid string' });
    case 'int': {
      const r = checkInt(v);
      return r instanceof PyInt ? r : fail(r);
    }
    case 'bool': {
      const r = checkBool(v);
      return typeof r === 'boolean' ? r : fail(r);
    }
    case 'literal': {
      const choices = param.choices!;
      if (typeof v === 'string' && choices.includes(v)) return v;
      const expected = choices.map((c) => `'${c}'`);
      return fail({ type: 'literal_error', msg: `Input should be ${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` });
    }
    case 'list_str':
    case 'list_dict': {
      if (!Array.isArray(v)) return fail({ type: 'list_type', msg: 'Input should be a valid list' });
      v.forEach((item, i) => {
        if (param.type === 'list_str' && typeof item !== 'string') fail({ type: 'string_type', msg: 'Input should be a valid string' }, `${param.name}.${i}`, item);
        if (param.type === 'list_dict' && !(item instanceof Map)) fail({ type: 'dict_type', msg: 'Input should be a valid dictionary' }, `${param.name}.${i}`, item);
      });
      return v;
    }
  }
}

/** pydantic_core shows at most 50 characters of an input's repr. */
function shortRepr(v: PyValue): string {
  const text = repr(v);
  return text.length > 50 ? `${text.slice(0, 25)}...${text.slice(-24)}` : text;
}

export class ToolArgumentError extends Error {}

/** The validated arguments by name, defaults filled in; throws ToolArgumentError with pydantic's text. */
export function validateArguments(tool: string, params: Param[], raw: Record<string, unknown> | undefined): Record<string, PyValue> {
  const given = new Map(Object.entries(raw ?? {}).map(([k, v]) => [k, fromJson(v)]));
  for (const param of params) {
    const v = given.get(param.name);
    if (typeof v !== 'string') continue;
    try {
      const parsed = fromJson(JSON.parse(v));
      if (!(typeof parsed === 'string' || typeof parsed === 'boolean' || parsed instanceof PyInt || parsed instanceof PyFloat)) given.set(param.name, parsed);
    } catch {
      // not JSON: kept as text
    }
  }
  const failures: Failure[] = [];
  const out: Record<string, PyValue> = {};
  for (const param of params) {
    if (!given.has(param.name)) {
      if ('default' in param) out[param.name] = param.default!;
      else failures.push({ loc: param.name, type: 'missing', msg: 'Field required', input: given });
      continue;
    }
    out[param.name] = validate(param, given.get(param.name)!, failures);
  }
  if (failures.length > 0) {
    const lines = failures.map((f) => `${f.loc}\n  ${f.msg} [type=${f.type}, input_value=${shortRepr(f.input)}, input_type=${typeName(f.input)}]\n    For further information visit https://errors.pydantic.dev/2.11/v/${f.type}`);
    const count = `${failures.length} validation error${failures.length === 1 ? '' : 's'}`;
    throw new ToolArgumentError(`Error executing tool ${tool}: ${count} for ${tool}Arguments\n${lines.join('\n')}`);
  }
  return out;
}
