/**
 * What a person's DATABASE_URL does wrong, told without repeating it: the password (or user) holds a raw
 * `/`, `?` or `#`, which ends the credentials for Prisma's URL parser (P1013, FACTS.md; a raw `@` or `:`
 * works: the last `@` and the first `:` count); or the host is localhost, which inside a container is the container itself.
 */
export interface UrlProblem {
  problem: string;
  cause: string;
}

const reserved = ['/', '?', '#'];

export function databaseUrlProblems(url: string): UrlProblem[] {
  const m = /^(postgres(?:ql)?):\/\/(.*)$/s.exec(url);
  if (!m) return [{ problem: 'it is not a postgresql:// URL', cause: 'Prisma accepts only postgresql:// (or postgres://) URLs' }];
  const rest = m[2]!;
  // The person means the last "@" to end the credentials; a URL parser ends them at the first "/", "?" or "#".
  const at = rest.lastIndexOf('@');
  const problems: UrlProblem[] = [];
  const host = (at >= 0 ? rest.slice(at + 1) : rest).replace(/[/?#].*$/s, '').replace(/:\d*$/, '');
  if (at >= 0) {
    const credentials = rest.slice(0, at);
    const colon = credentials.indexOf(':');
    const parts: Array<[string, string]> = [['user', colon >= 0 ? credentials.slice(0, colon) : credentials], ['password', colon >= 0 ? credentials.slice(colon + 1) : '']];
    for (const [what, value] of parts) {
      const raw = reserved.filter((c) => value.includes(c));
      if (raw.length) {
        problems.push({
          problem: `its ${what} holds ${raw.map((c) => `"${c}"`).join(', ')}, not percent-encoded`,
          cause: `a URL parser ends the ${what} at that character, so Prisma reads another host or port and LiteLLM fails with P1013 (invalid database string)`,
        });
      }
    }
  }
  if (/^(localhost|127\.0\.0\.1|\[::1\])$/.test(host)) {
    problems.push({ problem: `its host is ${host}`, cause: 'inside a container localhost is the container itself, not the database' });
  }
  return problems;
}
