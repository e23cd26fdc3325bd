/**
 * Restricted mode's statement check, reproducing postgres-mcp v0.3.0's SafeSqlDriver (sql/safe_sql.py):
 * every statement of the string must be of an allowed kind (SELECT, EXPLAIN without ANALYZE, SHOW,
 * VACUUM/ANALYZE without a table list, PREPARE/DECLARE/FETCH/CLOSE/DEALLOCATE, CREATE EXTENSION of an
 * allow-listed extension) and may call only allow-listed functions, take no row locks, select INTO
 * nothing, match LIKE only against a constant string. A refusal is the ValueError
 * "Error validating query: <sql>" (FACTS.md: `SELECT 1; DROP TABLE x` and `CREATE TABLE x(i int)` answer
 * `Error: Error validating query: <sql>`); a string that does not lex is "Failed to parse SQL statement".
 * The real code walks pglast's parse tree; this walks tokens (no parser package here), so it checks the
 * constructs named above, not every node type. The read-only transaction stays the database's guard.
 */
import { allowedExtensions, allowedFunctions } from './safe-sql-lists.js';
import { SqlSyntaxError, splitStatements, tokenize, type Token } from './sql-lexer.js';

export class QueryRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The ValueError texts of safe_sql.py's _validate, as str(e) reads. */
export const validationMessage = (sql: string) => `Error validating query: ${sql}`;
export const parseFailureMessage = 'Failed to parse SQL statement';

// PostgreSQL's reserved keywords and the structural type_func_name ones: never a function name.
const reserved = new Set(
  `all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
  current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
  distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
  leading limit localtime localtimestamp not null offset on only or order placing primary references returning
  select session_user some symmetric system_user table then to trailing true union unique user using variadic when
  where window with join cross inner outer full natural is isnull notnull like ilike similar tablesample verbose
  freeze concurrently binary authorization`.split(/\s+/),
);

// Unreserved words after which an expression starts (so `word(` after them is a call, not an alias).
const beforeExpression = new Set('by first next rows range groups preceding following escape within filter over prepare recursive'.split(' '));

// Words followed by `(` that parse to other nodes than a FuncCall: allowed ones (and type names with a
// modifier), and refused ones (XML and SQL/JSON constructors, MERGE_ACTION: node types not allowed).
const specialAllowed = new Set(
  `between coalesce exists greatest least nullif row values grouping treat extract overlay position substring trim
  normalize xmltable xmlnamespaces xmlexists xmlattributes interval time timestamp char character varchar numeric
  decimal dec float int integer smallint bigint real boolean bit nchar national setof precision cube rollup sets
  first next rows range groups ties ordinality filter over within preceding following unbounded current`.split(/\s+/),
);
const specialRefused = new Set(
  `xmlconcat xmlelement xmlforest xmlparse xmlpi xmlroot xmlserialize json json_array json_arrayagg json_exists
  json_objectagg json_query json_scalar json_serialize json_table json_value merge_action`.split(/\s+/),
);

const comparison = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);
const dmlWords = new Set(['insert', 'update', 'delete', 'merge']);
const queryStarts = new Set(['select', 'values', 'table', 'with']);

const isWord = (t: Token | undefined, ...values: string[]) => t?.kind === 'word' && (values.length === 0 || values.includes(t.value));
const isPunct = (t: Token | undefined, value: string) => t?.kind === 'punct' && t.value === value;

/** Index just after the parenthesis group opening at `open`. */
function skipParens(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(') || isPunct(tokens[i], '[')) depth++;
    if (isPunct(tokens[i], ')') || isPunct(tokens[i], ']')) depth--;
    if (depth === 0) return i + 1;
  }
  return tokens.length;
}

/** Index after a type name that follows `::` (qualified name, modifiers, WITH TIME ZONE, array marks). */
function skipTypeName(tokens: Token[], start: number): number {
  let i = start;
  if (tokens[i]?.kind === 'word' || tokens[i]?.kind === 'qident') i++;
  while (isPunct(tokens[i], '.') && (tokens[i + 1]?.kind === 'word' || tokens[i + 1]?.kind === 'qident')) i += 2;
  for (;;) {
    if (isPunct(tokens[i], '(') || isPunct(tokens[i], '[')) i = skipParens(tokens, i);
    else if (isWord(tokens[i], 'varying', 'precision', 'with', 'without', 'time', 'zone', 'array')) i++;
    else return i;
  }
}

/** The call `name(` at `i` (name possibly qualified), unless the context makes it an alias or type. */
function checkCall(tokens: Token[], i: number): void {
  const token = tokens[i]!;
  let start = i;
  while (isPunct(tokens[start - 1], '.') && (tokens[start - 2]?.kind === 'word' || tokens[start - 2]?.kind === 'qident')) start -= 2;
  const qualified = start < i;
  if (token.kind === 'word' && !qualified) {
    if (specialRefused.has(token.value)) throw new QueryRefused(`Node type for ${token.value.toUpperCase()}(...) is not allowed`);
    if (token.value === 'json_object') {
      const end = skipParens(tokens, i + 1);
      const constructor = tokens.slice(i + 2, end - 1).some((t) => isWord(t, 'value', 'key') || isPunct(t, ':'));
      if (constructor) throw new QueryRefused('Node type JsonObjectConstructor is not allowed');
    }
    if (specialAllowed.has(token.value) || reserved.has(token.value)) return;
  }
  const before = tokens[start - 1];
  // `WITH name(cols) AS (`: a common table expression's column list.
  const after = skipParens(tokens, i + 1);
  if (isWord(tokens[after], 'as') && (isPunct(tokens[after + 1], '(') || isWord(tokens[after + 1], 'not', 'materialized'))) return;
  if (isWord(before, 'as', 'tablesample') || isPunct(before, ')')) return; // alias column list, cast type, sampling method
  if ((before?.kind === 'word' && !reserved.has(before.value) && !beforeExpression.has(before.value)) || before?.kind === 'qident') return; // `FROM t x(a)`
  const name = tokens
    .slice(start, i + 1)
    .filter((t) => t.kind !== 'punct')
    .map((t) => t.value)
    .join('.')
    .toLowerCase();
  const unqualified = name.startsWith('pg_catalog.') ? name.slice('pg_catalog.'.length) : name;
  if (!allowedFunctions.has(unqualified)) throw new QueryRefused(`Function ${name} is not allowed`);
}

/** The checks every token of a query undergoes (the node walk of _validate_node). */
function checkTokens(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (isPunct(t, '::')) {
      i = skipTypeName(tokens, i + 1) - 1;
      continue;
    }
    if (isPunct(t, '(') && next?.kind === 'word' && dmlWords.has(next.value)) throw new QueryRefused(`Node type ${next.value.toUpperCase()} is not allowed`);
    if (t.kind !== 'word' && t.kind !== 'qident') continue;
    if (isPunct(next, '(')) checkCall(tokens, i);
    if (t.kind !== 'word') continue;
    switch (t.value) {
      case 'into':
        throw new QueryRefused('Node type IntoClause is not allowed');
      case 'for':
        if (isWord(next, 'update', 'share', 'no', 'key')) throw new QueryRefused('Locking clause on select is prohibited');
        break;
      case 'at':
        if (isWord(next, 'time', 'local')) throw new QueryRefused('Function pg_catalog.timezone is not allowed');
        break;
      case 'overlaps':
        throw new QueryRefused('Function pg_catalog.overlaps is not allowed');
      case 'collation':
        if (isWord(next, 'for')) throw new QueryRefused('Function pg_catalog.pg_collation_for is not allowed');
        break;
      case 'similar':
        throw new QueryRefused('Function pg_catalog.similar_to_escape is not allowed');
      case 'is': {
        const subject = isWord(next, 'not') ? tokens[i + 2] : next;
        if (isWord(subject, 'document', 'json', 'normalized', 'nfc', 'nfd', 'nfkc', 'nfkd')) throw new QueryRefused('Node type is not allowed');
        break;
      }
      case 'like':
      case 'ilike':
        checkLikePattern(tokens, i + 1);
        break;
    }
  }
}

/** `x LIKE <pattern>`: the pattern must be a lone string constant (ANY/ALL/SOME arrays are other nodes). */
function checkLikePattern(tokens: Token[], i: number): void {
  const pattern = tokens[i];
  if (isWord(pattern, 'any', 'all', 'some')) return;
  const constant = pattern?.kind === 'string' && ['', 'e', 'u&', '$'].includes(pattern.prefix ?? '');
  const after = tokens[i + 1];
  const bindsTighter = (after?.kind === 'op' && !comparison.has(after.value)) || isPunct(after, '::') || isPunct(after, '[') || isPunct(after, '.') || isWord(after, 'collate', 'escape', 'at');
  if (!constant || bindsTighter) throw new QueryRefused('LIKE pattern must be a constant string');
}

/** A query (SELECT, VALUES, TABLE, WITH ... SELECT, or a parenthesized one): no data-modifying main statement. */
function checkQuery(tokens: Token[]): void {
  const first = tokens[0];
  if (!isPunct(first, '(') && !(first?.kind === 'word' && queryStarts.has(first.value))) {
    throw new QueryRefused(`Node type ${first?.value.toUpperCase() ?? '(none)'} is not allowed`);
  }
  if (isWord(first, 'with')) {
    let i = isWord(tokens[1], 'recursive') ? 2 : 1;
    // Each common table expression: name [(columns)] AS [NOT] [MATERIALIZED] (body) [SEARCH|CYCLE ...]
    for (;;) {
      while (i < tokens.length && !isPunct(tokens[i], '(') && !isWord(tokens[i], 'as')) i++;
      if (isPunct(tokens[i], '(')) i = skipParens(tokens, i);
      while (i < tokens.length && !isPunct(tokens[i], '(')) i++;
      i = skipParens(tokens, i);
      while (i < tokens.length && !isPunct(tokens[i], ',') && !isPunct(tokens[i], '(') && !(tokens[i]?.kind === 'word' && (queryStarts.has(tokens[i]!.value) || dmlWords.has(tokens[i]!.value)))) i++;
      if (!isPunct(tokens[i], ',')) break;
      i++;
    }
    const main = tokens[i];
    if (main?.kind === 'word' && dmlWords.has(main.value)) throw new QueryRefused(`Node type ${main.value.toUpperCase()} is not allowed`);
  }
  checkTokens(tokens);
}

function checkExplain(tokens: Token[]): void {
  let i = 1;
  if (isPunct(tokens[i], '(')) {
    const end = skipParens(tokens, i);
    let optionStart = true;
    for (let j = i + 1; j < end - 1; j++) {
      if (optionStart && isWord(tokens[j], 'analyze', 'analyse')) throw new QueryRefused('EXPLAIN ANALYZE is not supported');
      optionStart = isPunct(tokens[j], ',');
    }
    i = end;
  } else {
    while (isWord(tokens[i], 'analyze', 'analyse', 'verbose')) {
      if (!isWord(tokens[i], 'verbose')) throw new QueryRefused('EXPLAIN ANALYZE is not supported');
      i++;
    }
  }
  const target = tokens.slice(i);
  if (isWord(target[0], 'declare')) checkDeclare(target);
  else checkQuery(target);
}

function checkDeclare(tokens: Token[]): void {
  const at = tokens.findIndex((t) => isWord(t, 'for'));
  if (at < 0) throw new QueryRefused('DECLARE without a query');
  checkQuery(tokens.slice(at + 1));
}

function checkStatement(tokens: Token[]): void {
  const head = tokens[0]!;
  const kind = head.kind === 'word' ? head.value : head.value === '(' ? 'select' : '';
  switch (kind) {
    case 'select':
    case 'values':
    case 'table':
    case 'with':
      return checkQuery(tokens);
    case 'explain':
      return checkExplain(tokens);
    case 'show':
    case 'deallocate':
    case 'close':
    case 'fetch':
    case 'move':
      return;
    case 'vacuum':
    case 'analyze':
    case 'analyse': {
      let i = 1;
      if (isPunct(tokens[i], '(')) i = skipParens(tokens, i);
      while (isWord(tokens[i], 'full', 'freeze', 'verbose', 'analyze', 'analyse')) i++;
      // A table list makes VacuumRelation nodes, which are not in the allowed node types.
      if (i < tokens.length) throw new QueryRefused('Node type VacuumRelation is not allowed');
      return;
    }
    case 'prepare': {
      let i = 2;
      if (isPunct(tokens[i], '(')) i = skipParens(tokens, i);
      if (!isWord(tokens[i], 'as')) throw new QueryRefused('PREPARE without AS');
      return checkQuery(tokens.slice(i + 1));
    }
    case 'declare':
      return checkDeclare(tokens);
    case 'create': {
      if (!isWord(tokens[1], 'extension')) break;
      let i = 2;
      if (isWord(tokens[i], 'if') && isWord(tokens[i + 1], 'not') && isWord(tokens[i + 2], 'exists')) i += 3;
      const name = tokens[i]?.value ?? '';
      if (!allowedExtensions.has(name)) throw new QueryRefused(`CREATE EXTENSION ${name} is not supported`);
      return;
    }
  }
  throw new QueryRefused('Only SELECT, ANALYZE, VACUUM, EXPLAIN, SHOW and other read-only statements are allowed.');
}

/**
 * Throws Error("Failed to parse SQL statement") for a string that does not lex, or
 * QueryRefused (its message for the log) for a statement restricted mode refuses.
 */
export function validateSql(sql: string): void {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new Error(parseFailureMessage);
    throw error;
  }
  for (const statement of splitStatements(tokens)) checkStatement(statement);
}
