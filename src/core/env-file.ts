/** KEY=value env files as Docker compose reads them. Values here never need quoting (FACTS.md). */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq > 0) values.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1));
  }
  return values;
}

export function formatEnvFile(header: string, entries: ReadonlyArray<[string, string]>): string {
  const lines = header.split('\n').map((l) => `# ${l}`);
  for (const [key, value] of entries) {
    // Compose interpolates `$` in env files; a newline would end the value. Neither can come from us.
    if (/[\n$]/.test(value)) throw new Error(`refusing to write ${key}: its value has a newline or "$"`);
    lines.push(`${key}=${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The file with these keys set: an existing line replaced where it is, a missing one added at the end;
 * every other line (the person's comments, keys of their own) kept as it was.
 */
export function setEnvValues(text: string, values: ReadonlyMap<string, string>): string {
  for (const [key, value] of values) if (/[\n$]/.test(value)) throw new Error(`refusing to write ${key}: its value has a newline or "$"`);
  const left = new Map(values);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out = lines.map((line) => {
    const eq = line.indexOf('=');
    const key = line.trim().startsWith('#') || eq <= 0 ? undefined : line.slice(0, eq).trim();
    if (!key || !left.has(key)) return line;
    const value = left.get(key)!;
    left.delete(key);
    return `${key}=${value}`;
  });
  for (const [key, value] of left) out.push(`${key}=${value}`);
  return `${out.join('\n')}\n`;
}
