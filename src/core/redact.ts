/**
 * The secret redactor: every string that reaches a screen, a file or a log passes through `redact`.
 * Known secret values are registered as they are loaded; patterns catch what was never registered
 * (a LiteLLM key, the password part of a connection URL).
 */
const known = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Every length: a short admin password chosen by a person is still a password. Hiding a few
  // ordinary characters with it is the lesser harm.
  if (value) known.add(value);
}

const patterns: Array<[RegExp, string]> = [
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***'],
  // postgresql://user:password@host → keep the user, hide the password.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]+:)[^@\s]+@/gi, '$1***@'],
  // NAME=value lines of env files and logs: OPENAI_API_KEY=..., POSTGRES_PASSWORD: ...
  [/\b([A-Z0-9_]*(?:PASSWORD|_KEY|TOKEN|SECRET))(=|: ?)(?!\*\*\*)[^\s"']+/g, '$1$2***'],
];

export function redact(text: string): string {
  let out = text;
  // Longest first, so that a secret containing a shorter one is hidden whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
  }
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** For tests only: forget registered secrets between cases. */
export function clearSecrets(): void {
  known.clear();
}
