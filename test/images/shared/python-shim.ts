/**
 * A stand-in for `python`/`python3` in the test images: it runs only the one-line probes that the
 * compose healthchecks and phase E send (`python3 -c "..."`), with Python's exit codes and error lines.
 * Statements: import (ignored), socket.create_connection(('host', port), timeout),
 * print(socket.gethostbyname('host')), urllib.request.urlopen('url').
 */
import { lookup } from 'node:dns/promises';
import net from 'node:net';

function die(message: string): never {
  process.stderr.write(`Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n${message}\n`);
  process.exit(1);
}

async function connect(host: string, port: number, timeoutS: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutS * 1000, () => die('TimeoutError: timed out'));
    socket.on('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') die('ConnectionRefusedError: [Errno 111] Connection refused');
      if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') die('socket.gaierror: [Errno -2] Name or service not known');
      die(`OSError: ${e.message}`);
    });
  });
}

async function run(statement: string): Promise<void> {
  let m: RegExpExecArray | null;
  if (/^import\s/.test(statement) || statement === '') return;
  if ((m = /^socket\.create_connection\(\(\s*'([^']+)'\s*,\s*(\d+)\s*\)\s*(?:,\s*([\d.]+))?\s*\)$/.exec(statement))) {
    return connect(m[1]!, Number(m[2]), Number(m[3] ?? 10));
  }
  if ((m = /^print\(socket\.gethostbyname\('([^']+)'\)\)$/.exec(statement))) {
    const found = await lookup(m[1]!, { family: 4 }).catch(() => die('socket.gaierror: [Errno -2] Name or service not known'));
    process.stdout.write(`${found.address}\n`);
    return;
  }
  if ((m = /^urllib\.request\.urlopen\('([^']+)'\)$/.exec(statement))) {
    const response = await fetch(m[1]!, { signal: AbortSignal.timeout(10_000) }).catch((e: Error) => die(`urllib.error.URLError: <urlopen error ${String(e.cause ?? e.message)}>`));
    if (response.status >= 400) die(`urllib.error.HTTPError: HTTP Error ${response.status}: ${response.statusText}`);
    return;
  }
  die(`NotImplementedError: the test image's python stand-in cannot run: ${statement}`);
}

/**
 * litellm-mcp's overlay relay (templates/overlay-relay.py, run by the real python3 in
 * test/unit/overlay-relay.test.ts): the same behaviour, TCP from 0.0.0.0:8080 to host:port, a new
 * upstream connection (and DNS lookup, each address tried in turn) per client.
 */
function relay(host: string, port: number, listen: number): void {
  // socket.create_connection: every address the name resolves to, in order, until one connects.
  const connectAny = async (): Promise<net.Socket | undefined> => {
    const addresses = await lookup(host, { all: true, family: 4 }).catch(() => []);
    for (const { address } of addresses) {
      const socket = await new Promise<net.Socket | undefined>((resolve) => {
        const s = net.connect({ host: address, port });
        s.setTimeout(10_000, () => {
          s.destroy();
          resolve(undefined);
        });
        s.once('connect', () => {
          s.setTimeout(0);
          resolve(s);
        });
        s.once('error', () => resolve(undefined));
      });
      if (socket) return socket;
    }
    return undefined;
  };
  const server = net.createServer((client) => {
    client.pause();
    void connectAny().then((upstream) => {
      if (!upstream) return client.destroy();
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end);
      client.on('error', end);
    });
  });
  server.listen(listen, '0.0.0.0', () => process.stdout.write('relay ready\n'));
}

const args = process.argv.slice(2);
if (args[0] !== '-c' || args[1] === undefined) die('usage: python -c CODE (the only form this stand-in runs)');
if (args[1].startsWith('# litellm-mcp overlay relay:')) {
  relay(args[2] ?? die('relay: no host'), Number(args[3] ?? die('relay: no port')), Number(args[4] ?? 8080));
} else for (const statement of args[1].split(/[;\n]/).map((s) => s.trim())) await run(statement);
