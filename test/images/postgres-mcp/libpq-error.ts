/**
 * The text of a PostgreSQL error as psycopg gives it (`str(e)`): libpq's default-verbosity message
 * (primary text, then a "LINE n:" excerpt with a caret under the error position, DETAIL, HINT, QUERY,
 * CONTEXT) with the leading "ERROR:  " stripped. postgres-mcp puts that text after "Error: " in its answer.
 */
import type { DatabaseError } from 'pg';

const displaySize = 60; // libpq's DISPLAY_SIZE: screen columns of the excerpt
const minRightCut = 10; // libpq's MIN_RIGHT_CUT

/** libpq's reportErrorPosition: the line holding the 1-based character `position`, cut to 60 columns. */
export function errorPosition(query: string, position: number): string {
  const chars = [...query].map((c) => (c === '\t' ? ' ' : c));
  const loc = position - 1;
  if (loc < 0 || loc > chars.length) return '';
  let line = 1;
  let begin = 0;
  let end = chars.length;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch !== '\r' && ch !== '\n') continue;
    if (i < loc) {
      if (ch === '\r' || i === 0 || chars[i - 1] !== '\r') line++;
      begin = i + 1;
    } else {
      end = i;
      break;
    }
  }
  let beginCut = false;
  let endCut = false;
  if (end - begin > displaySize) {
    if (begin + displaySize >= loc + minRightCut) {
      while (end - begin > displaySize) end--;
      endCut = true;
    } else {
      while (loc + minRightCut < end) {
        end--;
        endCut = true;
      }
      while (end - begin > displaySize) {
        begin++;
        beginCut = true;
      }
    }
  }
  const prefix = `LINE ${line}: ${beginCut ? '...' : ''}`;
  const excerpt = chars.slice(begin, end).join('');
  return `${prefix}${excerpt}${endCut ? '...' : ''}\n${' '.repeat(prefix.length + loc - begin)}^\n`;
}

/** str(psycopg error) for a server error raised by `query`. */
export function errorText(error: DatabaseError, query: string): string {
  let text = `${error.message}\n`;
  if (error.position) text += errorPosition(query, Number(error.position));
  else if (error.internalPosition && error.internalQuery) text += errorPosition(error.internalQuery, Number(error.internalPosition));
  if (error.detail) text += `DETAIL:  ${error.detail}\n`;
  if (error.hint) text += `HINT:  ${error.hint}\n`;
  if (error.internalQuery) text += `QUERY:  ${error.internalQuery}\n`;
  if (error.where) text += `CONTEXT:  ${error.where}\n`;
  return text.trim();
}
