/** Reading an SQL tool's answer as rows: a probe passes on the role's row, never on an error that names it. */
import { describe, expect, it } from 'vitest';
import { judgeRead } from '../../src/phases/e/mcp-probes.js';
import { parseRows } from '../../src/phases/e/tool-rows.js';

describe('parseRows', () => {
  it("reads postgres-mcp's Python repr (FACTS.md) and server-postgres's JSON alike", () => {
    expect(parseRows("[{'current_user': 'mcp_readonly', 'current_database': 'postgres'}]")).toEqual([{ current_user: 'mcp_readonly', current_database: 'postgres' }]);
    expect(parseRows('[\n  {\n    "role": "mcp_readonly",\n    "database": "postgres"\n  }\n]')).toEqual([{ role: 'mcp_readonly', database: 'postgres' }]);
  });

  it("reads Python's quoting, None, booleans, numbers and tuples", () => {
    expect(parseRows(`[{'a': "it's", 'b': None, 'c': True, 'd': -1.5, 'e': (1,), 'f': 'x\\'y\\n'}]`)).toEqual([{ a: "it's", b: null, c: true, d: -1.5, e: [1], f: "x'y\n" }]);
    expect(parseRows('[]')).toEqual([]);
  });

  it('gives no rows for errors, messages and malformed text', () => {
    for (const text of [
      'Error: Error validating query: CREATE TABLE x (id int)',
      'No results',
      'FATAL: password authentication failed for user "mcp_readonly"',
      "[{'role': 'mcp_readonly'",
      "[{'a': Decimal('1.0')}]",
      '[1, 2]',
      '',
    ]) {
      expect(parseRows(text), text).toBeUndefined();
    }
  });
});

describe('judgeRead', () => {
  it("passes only on one row whose role and database are the expected ones", () => {
    expect(judgeRead("[{'role': 'mcp_readonly', 'database': 'postgres'}]", 'mcp_readonly', 'postgres')).toEqual({ ok: true });
  });

  it('fails an error that merely mentions the role and the database host', () => {
    const error = 'Error: connection to server at "postgres" (172.18.0.2), port 5432 failed: FATAL:  password authentication failed for user "mcp_readonly"';
    expect(judgeRead(error, 'mcp_readonly', 'postgres')).toEqual({ ok: false, why: 'not rows' });
  });

  it('names another role or database when the row says so', () => {
    expect(judgeRead("[{'role': 'postgres', 'database': 'postgres'}]", 'mcp_readonly', 'postgres')).toEqual({ ok: false, why: 'connected as postgres to postgres, not as mcp_readonly to postgres' });
    expect(judgeRead('[]', 'mcp_readonly', 'postgres')).toEqual({ ok: false, why: '0 rows instead of one' });
  });
});
