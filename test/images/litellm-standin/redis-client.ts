/**
 * A small Redis client (RESP2) for the stand-in's usage cache: one connection, opened when first needed,
 * AUTH when a password is set, commands answered in order. A dropped connection fails the commands in
 * flight and is opened again by the next one. The Redis it talks to is real (Debian's redis-server in
 * the tests).
 */
import { connect, type Socket } from 'node:net';

export type Reply = string | number | null | Reply[] | RedisError;

export class RedisError extends Error {}

interface Pending {
  resolve(r: Reply): void;
  reject(e: Error): void;
}

/** One reply parsed from `buf` at `at`: the value and where the next begins, or undefined if incomplete. */
function parseReply(buf: Buffer, at: number): { value: Reply; next: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const kind = String.fromCharCode(buf[at]!);
  const line = buf.toString('utf8', at + 1, eol);
  switch (kind) {
    case '+':
      return { value: line, next: eol + 2 };
    case '-':
      return { value: new RedisError(line), next: eol + 2 };
    case ':':
      return { value: Number(line), next: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, next: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), next: eol + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, next: eol + 2 };
      const items: Reply[] = [];
      let next = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new RedisError(`unexpected reply type ${JSON.stringify(kind)}`);
  }
}

function encode(args: ReadonlyArray<string | number>): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`;
}

export class RedisClient {
  private socket: Socket | undefined;
  private ready: Promise<void> | undefined;
  private buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];

  constructor(private readonly host: string, private readonly port: number, private readonly password: string | undefined) {}

  private open(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      this.socket = socket;
      socket.setTimeout(5000);
      socket.on('data', (d) => this.take(d));
      const fail = (error: Error) => {
        this.socket = undefined;
        this.ready = undefined;
        this.buffer = Buffer.alloc(0);
        for (const p of this.pending.splice(0)) p.reject(error);
        reject(error);
      };
      socket.on('error', fail);
      socket.on('timeout', () => socket.destroy(new Error(`Timeout connecting to ${this.host}:${this.port}`)));
      socket.on('close', () => fail(new Error('Connection closed by server.')));
      socket.once('connect', () => {
        socket.setTimeout(0);
        if (!this.password) return resolve();
        // A refused password closes the connection: the next command tries again.
        this.send(['AUTH', this.password]).then((r) => (r instanceof RedisError ? socket.destroy(r) : resolve()), reject);
      });
    });
    return this.ready;
  }

  private take(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.next);
      this.pending.shift()?.resolve(parsed.value);
    }
  }

  private send(args: ReadonlyArray<string | number>): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket!.write(encode(args));
    });
  }

  /** A command's reply; a Redis error reply is thrown. */
  async command(args: ReadonlyArray<string | number>): Promise<Reply> {
    await this.open();
    const reply = await this.send(args);
    if (reply instanceof RedisError) throw reply;
    return reply;
  }
}
