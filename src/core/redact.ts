/**
 * The secret redactor: every string that reaches a screen, a file or a log passes through `redact`.
 * Known secret values are registered as they are loaded; patterns catch what was never registered
 * (a LiteLLM key, the password part of a connection URL).
 */
const known = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Every length: a short admin password chosen by a person is still a password.
  if (value) known.add(value);
}

const patterns: Array<[RegExp, string]> = [
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***'],
  // postgresql://user:password@host → keep the user, hide the password.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]+:)[^@\s]+@/gi, '$1***@'],
  // NAME=value lines of env files and logs: OPENAI_API_KEY=..., POSTGRES_PASSWORD: ...
  [/\b([A-Z0-9_]*(?:PASSWORD|_KEY|TOKEN|SECRET))(=|: ?)(?!\*\*\*)[^\s"']+/g, '$1$2***'],
];

/** Below this length a secret is hidden where it stands alone, not inside words ("x" in "fix"). */
const shortSecret = 8;

function hide(text: string, secret: string): string {
  if (!text.includes(secret)) return text;
  if (secret.length >= shortSecret) return text.split(secret).join('***');
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '***');
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so that a secret containing a shorter one is hidden whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    out = hide(out, secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = hide(out, encoded);
  }
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** For tests only: forget registered secrets between cases. */
export function clearSecrets(): void {
  known.clear();
}
