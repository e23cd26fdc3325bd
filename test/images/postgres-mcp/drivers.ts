/**
 * The two SQL drivers of postgres-mcp v0.3.0 (server.py get_sql_driver): unrestricted mode runs any
 * statement and commits; restricted mode (SafeSqlDriver) validates first, prefixes `/* crystaldba *\/`,
 * runs in a read-only transaction and gives up after 30 s. Both answer the tools' fixed queries too,
 * with parameters quoted into the text as psycopg's sql.Literal does (execute_param_query).
 */
import { log } from './log.js';
import { PyInt, type PyValue } from './python-repr.js';
import { QueryRefused, parseFailureMessage, validateSql, validationMessage } from './safe-sql.js';
import { executeQuery, grammarAccepts, QueryError, type Database, type Deadline, type Row } from './sql-driver.js';

export interface Driver {
  readonly restricted: boolean;
  executeQuery(sql: string): Promise<Row[] | null>;
}

export function unrestrictedDriver(db: Database): Driver {
  return { restricted: false, executeQuery: (sql) => executeQuery(db, sql, false) };
}

const timeoutS = 30;

/** SafeSqlDriver._validate: pglast's syntax error wins over a refusal; a refusal names the whole string. */
async function validate(db: Database, sql: string): Promise<void> {
  try {
    validateSql(sql);
  } catch (error) {
    if (!(error instanceof QueryRefused)) throw error;
    if ((await grammarAccepts(db, sql).catch(() => undefined)) === false) throw new Error(parseFailureMessage);
    throw new Error(validationMessage(sql));
  }
}

export function safeDriver(db: Database): Driver {
  return {
    restricted: true,
    async executeQuery(sql) {
      await validate(db, sql);
      const deadline: Deadline = { expired: false };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          deadline.expired = true;
          deadline.onExpire?.();
          log('WARNING', `Query execution timed out after ${timeoutS} seconds: ${sql.slice(0, 100)}...`, 'safe_sql.py:996');
          reject(new Error(`Query execution timed out after ${timeoutS} seconds in restricted mode. Consider simplifying your query or increasing the timeout.`));
        }, timeoutS * 1000);
      });
      const running = executeQuery(db, `/* crystaldba */ ${sql}`, true, deadline);
      running.catch(() => undefined); // after a timeout its failure has no one to tell
      try {
        return await Promise.race([running, timeout]);
      } catch (error) {
        if (deadline.expired) throw error;
        log('ERROR', `Error executing query: ${error instanceof Error ? error.message : String(error)}`, 'safe_sql.py:1002');
        // A syntax error is caught by pglast before the real server runs anything.
        if (error instanceof QueryError && error.code === '42601') throw new Error(parseFailureMessage);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A psycopg sql.Identifier: each part double-quoted. */
export class Identifier {
  constructor(readonly parts: string[]) {}
}

/** sql.Literal(value).as_string(): the SQL text of a parameter. */
export function literal(value: PyValue | Identifier): string {
  if (value instanceof Identifier) return value.parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof PyInt) return value.value.toString();
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** SafeSqlDriver.execute_param_query: `{}` placeholders replaced by literals, run by the driver. */
export function executeParamQuery(driver: Driver, query: string, params: Array<PyValue | Identifier> = []): Promise<Row[] | null> {
  let i = 0;
  const text = params.length ? query.replace(/\{\}/g, () => literal(params[i++] ?? null)) : query;
  return driver.executeQuery(text);
}
