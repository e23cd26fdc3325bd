/** Reading log lines back into records, and choosing the line a failure is judged by. */
import { describe, expect, it } from 'vitest';
import { diagnoseLitellm } from '../../src/diagnose/litellm-startup.js';
import { diagnoseMcpContainer, requestedTransport } from '../../src/diagnose/mcp-container.js';
import { failingEntry } from '../../src/diagnose/failing-entry.js';
import { evidenceOf, parseLog } from '../../src/diagnose/log-entries.js';
import { finalException } from '../../src/diagnose/python-traceback.js';

describe('parseLog', () => {
  it("splits a JSON line's traceback (in message or stacktrace) into its final exception", () => {
    const [inMessage, inField] = parseLog([
      JSON.stringify({ message: 'Traceback (most recent call last):\n  File "x.py", line 1, in f\n    raise KeyError(k)\nKeyError: \'litellm_params\'\n', level: 'ERROR', timestamp: 't' }),
      JSON.stringify({ message: 'Error loading config', level: 'ERROR', timestamp: 't', stacktrace: 'Traceback (most recent call last):\n  File "y.py", line 2, in g\n    import z\nModuleNotFoundError: No module named \'z\'' }),
    ]);
    expect(inMessage).toMatchObject({ level: 'ERROR', message: '', exception: "KeyError: 'litellm_params'" });
    expect(inField).toMatchObject({ message: 'Error loading config', exception: "ModuleNotFoundError: No module named 'z'" });
  });

  it('reads a plain traceback, chained ones included, as one record', () => {
    const entries = parseLog([
      'INFO:     Waiting for application startup.',
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in <module>',
      '    connect()',
      'OSError: first',
      'During handling of the above exception, another exception occurred:',
      'Traceback (most recent call last):',
      '  File "b.py", line 2, in <module>',
      'httpx.ConnectError: All connection attempts failed',
      'INFO:     Shutting down',
    ]);
    expect(entries.map((e) => e.level)).toEqual(['INFO', 'ERROR', 'INFO']);
    expect(entries[1]!.exception).toBe('httpx.ConnectError: All connection attempts failed');
  });

  it("joins a rich record wrapped at 80 columns and drops its file:line column", () => {
    const [record, next] = parseLog([
      '[09/22/25 10:15:33] WARNING  Could not connect to database:          server.py:570',
      "                             Connection attempt failed: couldn't get",
      '                             a connection after 30.00 sec',
      '                    INFO     Next record                              server.py:580',
    ]);
    expect(record).toMatchObject({ level: 'WARNING', message: "Could not connect to database: Connection attempt failed: couldn't get a connection after 30.00 sec" });
    expect(next).toMatchObject({ level: 'INFO', message: 'Next record' });
  });

  it('reads an exception group to its last sub-exception', () => {
    expect(finalException(['  + Exception Group Traceback (most recent call last):', '  |   File "s.py", line 1, in f', '  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)', '  +-+---------------- 1 ----------------', '    | Traceback (most recent call last):', '    |   File "h.py", line 9, in r', "    | httpx.HTTPStatusError: Client error '401 Unauthorized'", '    +------------------------------------'].join('\n'))).toBe("httpx.HTTPStatusError: Client error '401 Unauthorized'");
  });
});

describe('failingEntry', () => {
  it('is the error just before "Application startup failed. Exiting.", not a later one', () => {
    const entries = parseLog([
      JSON.stringify({ message: 'older', level: 'ERROR' }),
      JSON.stringify({ message: 'the cause', level: 'ERROR' }),
      JSON.stringify({ message: 'Application startup failed. Exiting.', level: 'ERROR' }),
      JSON.stringify({ message: 'shutdown noise', level: 'ERROR' }),
    ]);
    expect(failingEntry(entries)?.message).toBe('the cause');
  });

  it('judges by message and exception, never by frames', () => {
    const [e] = parseLog([JSON.stringify({ message: 'Traceback (most recent call last):\n  File "p.py", line 3, in h\n    raise ValueError("Can\'t reach database server at `localhost`:`5432`")\nKeyError: \'x\'', level: 'ERROR' })]);
    expect(evidenceOf(e!)).not.toContain('localhost');
    expect(diagnoseLitellm({ detail: 'exited with code 3', logs: [JSON.stringify({ message: e!.trace, level: 'ERROR' })], dbHost: 'postgres' }).cause).toBeUndefined();
  });
});

describe('what the Docker tests see from the LiteLLM stand-in (test/images/litellm-standin)', () => {
  // Its failed starts, as it writes them on stderr (Python json.dumps form), ending as 1.77.3 ends them.
  const line = (message: string, level = 'ERROR') => `{"message": ${JSON.stringify(message)}, "level": "${level}", "timestamp": "2026-11-25T08:49:44.415000"}`;
  const notConnected = line('Traceback (most recent call last):\n  File "/usr/lib/python3.13/site-packages/starlette/routing.py", line 694, in lifespan\nprisma.engine.errors.NotConnectedError: Not connected to the query engine\n');
  const aborted = line('Application startup failed. Exiting.');
  const migration = (error: string) => line(`prisma db error: ${error}\n, e: Prisma schema loaded from schema.prisma\n`, 'INFO');
  it.each([
    [migration('Error: P1013: The provided database string is invalid. invalid port number in database URL. Please refer to the documentation.'), /password in DATABASE_URL is not URL-encoded/],
    [migration("Error: P1000: Authentication failed against database server at `postgres`, the provided database credentials for `litellm_user` are not valid."), /password LiteLLM uses differs from the role's password/],
    [migration("Error: P1001: Can't reach database server at `localhost`:`5432`\n\nPlease make sure your database server is running at `localhost`:`5432`."), /`localhost` inside a container is the container itself/],
  ])('%s', (first, cause) => {
    const logs = [first, line('Error getting LiteLLM_SpendLogs row count: Not connected to the query engine'), notConnected, aborted];
    expect(diagnoseLitellm({ detail: 'exited with code 3', logs, dbHost: 'postgres' }).cause).toMatch(cause);
  });

  it('a `-` in a server name', () => {
    const logs = [line("Traceback (most recent call last):\n  File \"x.py\", line 1, in validate_mcp_server_name\n    raise Exception(error_message)\nException: Server name cannot contain '-'. Use an alternative character instead Found: db-main\n"), aborted];
    expect(diagnoseLitellm({ detail: 'exited with code 3', logs, dbHost: 'postgres' }).cause).toMatch(/`-` in an MCP server name or alias/);
  });
});

describe('the MCP server in a restart loop, caught between two exits', () => {
  it('is judged by its logs even when Docker says "running" at that moment', () => {
    // As the postgres-mcp test image (and the real entrypoint) print an argparse refusal.
    const logs = ['----------------', 'Executing command:', 'postgres-mcp --access-mode=restricted --transport=streamable-http', '----------------',
      'usage: postgres-mcp [-h] [--access-mode {unrestricted,restricted}]', '                    [--transport {stdio,sse}] [--sse-host SSE_HOST]',
      '                    [--sse-port SSE_PORT]', '                    [database_url]',
      "postgres-mcp: error: argument --transport: invalid choice: 'streamable-http' (choose from 'stdio', 'sse')",
      'ERROR: Command failed with exit code 2', 'Command was: postgres-mcp --access-mode=restricted --transport=streamable-http'];
    const command = ['/app/docker-entrypoint.sh', 'postgres-mcp', '--access-mode=restricted', '--transport=streamable-http'];
    const issue = diagnoseMcpContainer({ detail: 'is restarting in a loop (last exit code 2)', state: 'running', exitCode: 2, restartCount: 3, command, logs, containerPort: 8000 });
    expect(issue.cause).toMatch(/this image's postgres-mcp has no transport "streamable-http"/);
  });
});

describe('the MCP server in stdio mode', () => {
  it('reads the transport from the command line, the last one given', () => {
    expect(requestedTransport(['/app/docker-entrypoint.sh', 'postgres-mcp', '--transport=sse'])).toBe('sse');
    expect(requestedTransport(['postgres-mcp', '--transport', 'stdio', '--transport=sse'])).toBe('sse');
    expect(requestedTransport(['postgres-mcp', '--access-mode=restricted'])).toBeUndefined();
  });

  it('is named as stdio mode whether it stays up (the real server) or exits 0 (an older test image)', () => {
    const base = { command: ['/app/docker-entrypoint.sh', 'postgres-mcp', '--access-mode=restricted'], logs: [], containerPort: 8000 };
    const up = diagnoseMcpContainer({ ...base, detail: 'turned unhealthy (healthcheck said: ConnectionRefusedError: [Errno 111] Connection refused)', state: 'running', exitCode: 0, restartCount: 0 });
    const looping = diagnoseMcpContainer({ ...base, detail: 'is restarting in a loop (last exit code 0)', state: 'restarting', exitCode: 0, restartCount: 4 });
    for (const issue of [up, looping]) expect(issue.cause).toMatch(/runs in stdio mode/);
    expect(up.problem).not.toMatch(/exit code/);
    expect(looping.problem).toMatch(/exit code 0, 4 restart/);
  });
});
