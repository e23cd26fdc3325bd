/**
 * Python values and their repr(). postgres-mcp answers every tool with `str(result)` of Python objects
 * (FACTS.md: "Results are text in Python repr, not JSON": `[{'current_user': 'mcp_readonly', ...}]`), so
 * the rows must be modelled as the Python values psycopg would build, then printed as Python prints them.
 */

export class PyInt {
  constructor(readonly value: bigint) {}
}

export class PyFloat {
  constructor(readonly value: number) {}
}

/** A value whose repr is fixed text: Decimal('1.5'), datetime.date(2024, 1, 2), UUID('...'), ... */
export class PyObject {
  constructor(readonly repr: string) {}
}

export class PyBytes {
  constructor(readonly bytes: Uint8Array) {}
}

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A dict with str keys, in insertion order (a later duplicate key keeps the first key's place). */
export type PyDict = Map<string, PyValue>;

export type PyValue = null | boolean | string | PyInt | PyFloat | PyObject | PyBytes | PyTuple | PyDict | PyValue[];

export const int = (n: number | bigint): PyInt => new PyInt(BigInt(n));

export function dict(entries: Array<[string, PyValue]>): PyDict {
  return new Map(entries);
}

// str.isprintable(): everything but Unicode "Other" and "Separator" categories, the ASCII space excepted.
const nonPrintable = /[\p{C}\p{Z}]/u;

function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** repr(str): single quotes unless the text holds a ' and no ", escapes as CPython's unicode_repr. */
export function reprStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += escapeCodePoint(cp);
    else if (cp >= 0x80 && ch !== ' ' && nonPrintable.test(ch)) out += escapeCodePoint(cp);
    else out += ch;
  }
  return out + quote;
}

function reprBytes(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (b === 9) out += '\\t';
    else if (b === 10) out += '\\n';
    else if (b === 13) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/**
 * repr(float): the shortest digits that round-trip (as JavaScript also finds them), laid out as
 * CPython's float_repr_style 'short': positional for exponents -4..15, otherwise `1e+16` / `1e-05`.
 */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const decpt = Number(exp) + 1;
  const sign = x < 0 ? '-' : '';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const rest = digits.slice(1);
  return `${sign}${digits[0]}${rest ? `.${rest}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

export function repr(value: PyValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return reprStr(value);
  if (value instanceof PyInt) return value.value.toString();
  if (value instanceof PyFloat) return reprFloat(value.value);
  if (value instanceof PyObject) return value.repr;
  if (value instanceof PyBytes) return reprBytes(value.bytes);
  if (value instanceof PyTuple) {
    if (value.items.length === 1) return `(${repr(value.items[0]!)},)`;
    return `(${value.items.map(repr).join(', ')})`;
  }
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${reprStr(k)}: ${repr(v)}`).join(', ')}}`;
  return `[${value.map(repr).join(', ')}]`;
}

/**
 * Python's f"{x:.Nf}": correctly rounded from the double's exact decimal value, ties to even (JavaScript's
 * toFixed rounds exact ties away from zero, e.g. 0.125 -> "0.13" where Python prints "0.12").
 */
export function formatFixed(x: number, places: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  // Exact: every double has a finite decimal expansion (toFixed switches to exponents from 1e21 on).
  const exact = Math.abs(x) >= 1e21 ? `${BigInt(Math.abs(x))}.0` : Math.abs(x).toFixed(100);
  const [whole, frac] = exact.split('.') as [string, string];
  let digits = whole + frac.slice(0, places);
  const rest = frac.slice(places);
  const half = rest[0] ?? '0';
  const tail = rest.slice(1);
  const last = Number(digits[digits.length - 1] ?? '0');
  const roundUp = half > '5' || (half === '5' && (/[1-9]/.test(tail) || last % 2 === 1));
  if (roundUp) digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  const intPart = digits.slice(0, digits.length - places) || '0';
  const text = places > 0 ? `${intPart}.${digits.slice(digits.length - places)}` : intPart;
  return x < 0 || Object.is(x, -0) ? `-${text}` : text;
}

/** Python's f"{n:,}" for an integer. */
export function formatThousands(n: bigint | number): string {
  const s = BigInt(n).toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
