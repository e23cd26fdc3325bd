/**
 * PostgreSQL text values turned into the Python values psycopg 3.2 (the version postgres-mcp v0.3.0
 * locks) would load, so that their repr matches what the real server prints (FACTS.md: "Results are text
 * in Python repr"): int -> 5, numeric -> Decimal('1.50'), bool -> True, NULL -> None, date ->
 * datetime.date(2024, 1, 2), json -> dicts and lists, arrays -> lists; a type psycopg has no loader for
 * stays a str.
 */
import { PyBytes, PyFloat, PyInt, PyObject, PyTuple, dict, reprStr, type PyValue } from './python-repr.js';

type Loader = (text: string, session: Session) => PyValue;

export interface Session {
  /** The server's TimeZone parameter: psycopg builds timestamptz values in zoneinfo.ZoneInfo(key=...). */
  timeZone: string;
}

const str: Loader = (t) => t;
const integer: Loader = (t) => new PyInt(BigInt(t));
const float: Loader = (t) => new PyFloat(t === 'NaN' ? NaN : t === 'Infinity' ? Infinity : t === '-Infinity' ? -Infinity : Number(t));

class DataError extends Error {}

function ymd(t: string, what: string): [number, number, number] {
  if (t === 'infinity' || t.startsWith('infinity')) throw new DataError(`${what} too large (after year 10K): ${reprStr(t)}`);
  if (t.startsWith('-infinity') || t.endsWith(' BC')) throw new DataError(`${what} too small (before year 1): ${reprStr(t)}`);
  const m = /^(\d{4,})-(\d\d)-(\d\d)/.exec(t);
  if (!m || m[1]!.length > 4) throw new DataError(`${what} too large (after year 10K): ${reprStr(t)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function hms(t: string): { h: number; mi: number; s: number; us: number; rest: string } {
  const m = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(.*)$/.exec(t)!;
  return { h: Number(m[1]), mi: Number(m[2]), s: Number(m[3]), us: Number((m[4] ?? '').padEnd(6, '0') || 0), rest: m[5] ?? '' };
}

/** datetime.time / datetime.datetime argument lists drop a zero microsecond, then a zero second. */
function timeArgs(h: number, mi: number, s: number, us: number): number[] {
  const args = [h, mi, s, us];
  if (args[3] === 0) args.pop();
  if (args.length === 3 && args[2] === 0) args.pop();
  return args;
}

function timedelta(totalUs: bigint): string {
  const dayUs = 86_400_000_000n;
  let days = totalUs / dayUs;
  let rem = totalUs % dayUs;
  if (rem < 0n) {
    rem += dayUs;
    days -= 1n;
  }
  const seconds = rem / 1_000_000n;
  const micro = rem % 1_000_000n;
  const parts = [days ? `days=${days}` : '', seconds ? `seconds=${seconds}` : '', micro ? `microseconds=${micro}` : ''].filter(Boolean);
  return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
}

function fixedOffset(offset: string): string {
  const m = /^([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?$/.exec(offset)!;
  const seconds = (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * (m[1] === '-' ? -1 : 1);
  if (seconds === 0) return 'datetime.timezone.utc';
  return `datetime.timezone(${timedelta(BigInt(seconds) * 1_000_000n)})`;
}

const date: Loader = (t) => new PyObject(`datetime.date(${ymd(t, 'date').join(', ')})`);

const timestamp: Loader = (t) => {
  const [y, mo, d] = ymd(t, 'timestamp');
  const { h, mi, s, us } = hms(t.slice(t.indexOf(' ') + 1));
  return new PyObject(`datetime.datetime(${[y, mo, d, ...timeArgs(h, mi, s, us)].join(', ')})`);
};

const timestamptz: Loader = (t, session) => {
  const [y, mo, d] = ymd(t, 'timestamp');
  const { h, mi, s, us } = hms(t.slice(t.indexOf(' ') + 1));
  return new PyObject(`datetime.datetime(${[y, mo, d, ...timeArgs(h, mi, s, us)].join(', ')}, tzinfo=zoneinfo.ZoneInfo(key=${reprStr(session.timeZone)}))`);
};

const time: Loader = (t) => {
  const { h, mi, s, us } = hms(t);
  return new PyObject(`datetime.time(${timeArgs(h, mi, s, us).join(', ')})`);
};

const timetz: Loader = (t) => {
  const { h, mi, s, us, rest } = hms(t);
  return new PyObject(`datetime.time(${timeArgs(h, mi, s, us).join(', ')}, tzinfo=${fixedOffset(rest)})`);
};

/** IntervalStyle postgres ("1 year 2 mons -3 days +04:05:06.5"); psycopg counts a year 365 days, a month 30. */
const interval: Loader = (t) => {
  let days = 0n;
  let us = 0n;
  const units: Record<string, bigint> = { year: 365n, mon: 30n, day: 1n };
  for (const m of t.matchAll(/(-?\d+) (year|mon|day)s?/g)) days += BigInt(m[1]!) * units[m[2]!]!;
  const clock = /([+-]?)(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(t);
  if (clock) {
    const secs = BigInt(clock[2]!) * 3600n + BigInt(clock[3]!) * 60n + BigInt(clock[4]!);
    const total = secs * 1_000_000n + BigInt((clock[5] ?? '').padEnd(6, '0') || '0');
    us = clock[1] === '-' ? -total : total;
  }
  return new PyObject(timedelta(days * 86_400_000_000n + us));
};

const bool: Loader = (t) => t === 't';
const numeric: Loader = (t) => new PyObject(`Decimal(${reprStr(t)})`);
const uuid: Loader = (t) => new PyObject(`UUID(${reprStr(t)})`);

const bytea: Loader = (t) => {
  if (t.startsWith('\\x')) return new PyBytes(Buffer.from(t.slice(2), 'hex'));
  // bytea_output = escape: octal escapes and doubled backslashes.
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '\\' && t[i + 1] === '\\') {
      out.push(0x5c);
      i++;
    } else if (t[i] === '\\') {
      out.push(parseInt(t.slice(i + 1, i + 4), 8));
      i += 3;
    } else out.push(...Buffer.from(t[i]!, 'utf8'));
  }
  return new PyBytes(Uint8Array.from(out));
};

const ipVersion = (t: string) => (t.includes(':') ? 6 : 4);
const inet: Loader = (t) => new PyObject(t.includes('/') ? `IPv${ipVersion(t)}Interface(${reprStr(t)})` : `IPv${ipVersion(t)}Address(${reprStr(t)})`);
const cidr: Loader = (t) => new PyObject(`IPv${ipVersion(t)}Network(${reprStr(t)})`);

const json: Loader = (t) => parseJson(t);

/** Composite text "(1,"a b",)": psycopg's RecordLoader gives a tuple of str, an empty field None. */
const record: Loader = (t) => {
  const items: PyValue[] = [];
  let i = 1;
  while (i < t.length) {
    if (t[i] === ',' || t[i] === ')') {
      items.push(null);
      i++;
      continue;
    }
    let value = '';
    if (t[i] === '"') {
      i++;
      while (i < t.length) {
        if (t[i] === '"' && t[i + 1] === '"') (value += '"'), (i += 2);
        else if (t[i] === '\\') (value += t[i + 1]), (i += 2);
        else if (t[i] === '"') {
          i++;
          break;
        } else value += t[i++];
      }
    } else {
      while (i < t.length && t[i] !== ',' && t[i] !== ')') value += t[i++];
    }
    items.push(value);
    i++; // the comma or the closing parenthesis
  }
  if (t === '()') return new PyTuple([]);
  return new PyTuple(items);
};

const scalarLoaders: Record<number, Loader> = {
  16: bool, 17: bytea, 18: str, 19: str, 20: integer, 21: integer, 23: integer, 25: str, 26: integer, 114: json,
  142: str, 650: cidr, 700: float, 701: float, 869: inet, 1042: str, 1043: str, 1082: date, 1083: time, 1114: timestamp,
  1184: timestamptz, 1186: interval, 1266: timetz, 1700: numeric, 2249: record, 2950: uuid, 3802: json,
};

/** Built-in array types and their element types: psycopg loads every built-in array as a list. */
const arrayElements: Record<number, number> = {
  1000: 16, 1001: 17, 1002: 18, 1003: 19, 1005: 21, 1007: 23, 1009: 25, 1014: 1042, 1015: 1043, 1016: 20, 1021: 700,
  1022: 701, 1028: 26, 199: 114, 3807: 3802, 1182: 1082, 1183: 1083, 1115: 1114, 1185: 1184, 1187: 1186, 1270: 1266,
  1231: 1700, 2951: 2950, 1041: 869, 651: 650, 2287: 2249, 143: 142, 2210: 0, 791: 0, 1040: 0, 3221: 0, 1561: 0, 1563: 0,
};

function parseArray(text: string, element: Loader, session: Session): PyValue {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0; // "[0:1]={...}": psycopg drops the bounds
  const parseLevel = (): PyValue[] => {
    const out: PyValue[] = [];
    i++; // {
    while (i < text.length && text[i] !== '}') {
      if (text[i] === '{') out.push(parseLevel());
      else if (text[i] === '"') {
        let value = '';
        i++;
        while (text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i++];
        }
        i++;
        out.push(element(value, session));
      } else {
        let value = '';
        while (text[i] !== ',' && text[i] !== '}') value += text[i++];
        out.push(value.toUpperCase() === 'NULL' ? null : element(value, session));
      }
      if (text[i] === ',') i++;
    }
    i++; // }
    return out;
  };
  return parseLevel();
}

/** The Python value psycopg would load for a column of type `oid` holding `text` (null for NULL). */
export function loadValue(oid: number, text: string | null, session: Session): PyValue {
  if (text === null) return null;
  const scalar = scalarLoaders[oid];
  if (scalar) return scalar(text, session);
  const elementOid = arrayElements[oid];
  if (elementOid !== undefined) return parseArray(text, scalarLoaders[elementOid] ?? str, session);
  return text;
}

/** json.loads: integers stay ints (arbitrary size), numbers with a fraction or exponent become floats. */
export function parseJson(text: string): PyValue {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: Array<[string, PyValue]> = [];
      ws();
      if (text[i] === '}') return i++, dict(entries);
      for (;;) {
        ws();
        const key = value() as string;
        ws();
        i++; // :
        entries.push([key, value()]);
        ws();
        if (text[i++] === '}') return dict(entries);
      }
    }
    if (c === '[') {
      i++;
      const items: PyValue[] = [];
      ws();
      if (text[i] === ']') return i++, items;
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') return items;
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i))![0];
    i += literal.length;
    if (literal === 'true') return true;
    if (literal === 'false') return false;
    if (literal === 'null') return null;
    return /[.eE]/.test(literal) ? new PyFloat(Number(literal)) : new PyInt(BigInt(literal));
  };
  return value();
}
