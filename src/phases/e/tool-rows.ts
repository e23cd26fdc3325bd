/**
 * The rows an SQL tool returned, read from its text. postgres-mcp answers in Python repr
 * (`[{'role': 'mcp_readonly', 'database': 'postgres'}]`, FACTS.md), server-postgres in JSON. Anything
 * else (an `Error: ...` text, a message) is not rows: a probe must never pass because the names it
 * looks for happen to appear in an error.
 */
export type Row = Record<string, unknown>;

export function parseRows(text: string): Row[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    return asRows(JSON.parse(trimmed));
  } catch {
    // Not JSON: try Python's literal syntax.
  }
  try {
    const reader = new PyLiteral(trimmed);
    const value = reader.value();
    reader.end();
    return asRows(value);
  } catch {
    return undefined;
  }
}

function asRows(value: unknown): Row[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (!value.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) return undefined;
  return value as Row[];
}

/** A reader for the subset of Python literals a list of rows uses: lists, dicts, str, int, float, None, bools. */
class PyLiteral {
  private i = 0;
  constructor(private readonly s: string) {}

  end(): void {
    this.space();
    if (this.i !== this.s.length) throw new Error(`trailing text at ${this.i}`);
  }

  value(): unknown {
    this.space();
    const c = this.s[this.i];
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.sequence('(', ')');
    if (c === '{') return this.dict();
    if (c === "'" || c === '"') return this.string();
    const word = /^(None|True|False|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(this.s.slice(this.i))?.[0];
    if (!word) throw new Error(`unexpected ${c ?? 'end'} at ${this.i}`);
    this.i += word.length;
    if (word === 'None') return null;
    if (word === 'True' || word === 'False') return word === 'True';
    return Number(word);
  }

  private space(): void {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  private expect(c: string): void {
    this.space();
    if (this.s[this.i] !== c) throw new Error(`expected ${c} at ${this.i}`);
    this.i++;
  }

  /** Items separated by commas, a trailing comma allowed (Python's `(1,)`). */
  private items(close: string, item: () => void): void {
    this.space();
    while (this.s[this.i] !== close) {
      item();
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw new Error(`expected , or ${close} at ${this.i}`);
      this.space();
    }
    this.i++;
  }

  private sequence(open: string, close: string): unknown[] {
    this.expect(open);
    const out: unknown[] = [];
    this.items(close, () => out.push(this.value()));
    return out;
  }

  private dict(): Row {
    this.expect('{');
    const out: Row = {};
    this.items('}', () => {
      const key = this.value();
      this.expect(':');
      out[String(key)] = this.value();
    });
    return out;
  }

  private string(): string {
    const quote = this.s[this.i++]!;
    let out = '';
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++] ?? '';
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex) {
        out += String.fromCodePoint(parseInt(this.s.slice(this.i, this.i + hex), 16));
        this.i += hex;
      } else out += escapes[e] ?? `\\${e}`;
    }
    throw new Error('unterminated string');
  }
}
