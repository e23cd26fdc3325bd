/**
 * The connection pool of psycopg_pool 3.2 (AsyncConnectionPool, min_size=1, max_size=5, as postgres-mcp
 * v0.3.0 opens it), reproduced for its timing: background tasks connect and, on failure, retry after
 * 1 s ±10 %, doubling each time, for up to reconnect_timeout (300 s); a client asking for a connection
 * waits up to `timeout` (30 s) and then gets PoolTimeout "couldn't get a connection after 30.00 sec".
 * That wait is why, with an unreachable database, the real server opens its port only ~30 s late
 * (FACTS.md: "opens its port only after about 39 s") and a tool call hangs (FACTS.md: "more than 12 s").
 */
import pg from 'pg';
import { log } from './log.js';
import { connectError, newClient } from './pg-connect.js';

export class PoolTimeout extends Error {}

let poolCount = 0;

/** psycopg_pool's AttemptWithBackoff. */
class Attempt {
  private delay = 0;
  private giveUpAt = 0;
  constructor(private readonly timeoutS: number) {}
  nextDelay(now: number): number {
    if (this.delay === 0) {
      this.giveUpAt = now + this.timeoutS;
      this.delay = 1 + (Math.random() * 2 - 1) * 0.1;
    } else this.delay *= 2;
    if (this.delay + now > this.giveUpAt) this.delay = Math.max(0, this.giveUpAt - now);
    return this.delay;
  }
  timeToGiveUp(now: number): boolean {
    return this.giveUpAt > 0 && now >= this.giveUpAt;
  }
}

const seconds = () => performance.now() / 1000;

interface Waiter {
  resolve: (client: pg.Client) => void;
  reject: (error: Error) => void;
}

export class ConnectionPool {
  readonly name = `pool-${++poolCount}`;
  private readonly idle: pg.Client[] = [];
  private readonly waiting: Waiter[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly connecting = new Set<Promise<unknown>>();
  private nconns: number;
  private growing = false;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly options = { minSize: 1, maxSize: 5, timeout: 30, reconnectTimeout: 300 },
  ) {
    this.nconns = options.minSize;
  }

  open(): void {
    for (let i = 0; i < this.nconns; i++) this.addConnection(undefined, false);
  }

  private schedule(task: () => void, delayS: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) task();
    }, delayS * 1000);
    this.timers.add(timer);
  }

  private addConnection(attempt: Attempt | undefined, growing: boolean): void {
    const now = seconds();
    const current = attempt ?? new Attempt(this.options.reconnectTimeout);
    const client = newClient(this.config);
    // A connection string libpq cannot read fails every attempt, as psycopg's connect does.
    const configError = (this.config as { configError?: string }).configError;
    const connecting = (configError ? Promise.reject(new Error(configError)) : client.connect()).then(
      () => this.onConnected(client, growing),
      (error: unknown) => {
        void client.end().catch(() => undefined);
        if (this.closed) return;
        log('WARNING', `error connecting in '${this.name}': ${configError ?? connectError(error, this.config)}`, 'pool_async.py:691');
        if (current.timeToGiveUp(now)) {
          log('WARNING', `reconnection attempt in pool '${this.name}' failed after ${this.options.reconnectTimeout} sec`, 'pool_async.py:693');
          this.nconns--;
          if (growing) this.growing = false;
          return;
        }
        this.schedule(() => this.addConnection(current, growing), current.nextDelay(now));
      },
    );
    this.connecting.add(connecting);
    void connecting.finally(() => this.connecting.delete(connecting));
  }

  private onConnected(client: pg.Client, growing: boolean): void {
    if (this.closed) {
      void client.end().catch(() => undefined);
      return;
    }
    client.on('error', () => undefined); // a broken connection is found when it is next used
    log('INFO', 'adding new connection to the pool', 'pool_async.py:711');
    this.giveOrKeep(client);
    if (!growing) return;
    if (this.nconns < this.options.minSize || (this.nconns < this.options.maxSize && this.waiting.length > 0)) {
      this.nconns++;
      log('INFO', `growing pool '${this.name}' to ${this.nconns}`, 'pool_async.py:721');
      this.addConnection(undefined, true);
    } else this.growing = false;
  }

  private giveOrKeep(client: pg.Client): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(client);
    else this.idle.push(client);
  }

  /** getconn(): a ready connection, or wait (growing the pool) until one comes or the timeout passes. */
  async getconn(timeoutS = this.options.timeout): Promise<pg.Client> {
    log('INFO', `connection requested from '${this.name}'`, 'pool_async.py:219');
    if (this.closed) throw new Error(`the pool '${this.name}' is already closed`);
    const ready = this.idle.shift();
    if (ready) {
      log('INFO', `connection given by '${this.name}'`, 'pool_async.py:244');
      return ready;
    }
    const client = await new Promise<pg.Client>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
        reject,
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new PoolTimeout(`couldn't get a connection after ${timeoutS.toFixed(2)} sec`));
      }, timeoutS * 1000);
      this.waiting.push(waiter);
      if (!this.growing && this.nconns < this.options.maxSize) {
        this.nconns++;
        this.growing = true;
        log('INFO', `growing pool '${this.name}' to ${this.nconns}`, 'pool_async.py:327');
        this.addConnection(undefined, true);
      }
    });
    log('INFO', `connection given by '${this.name}'`, 'pool_async.py:244');
    return client;
  }

  /** putconn(): a broken connection is replaced, a healthy one goes back to the pool. */
  putconn(client: pg.Client, broken: boolean): void {
    log('INFO', `returning connection to '${this.name}'`, 'pool_async.py:340');
    if (this.closed) {
      void client.end().catch(() => undefined);
      return;
    }
    if (broken) {
      log('WARNING', `discarding closed connection: <psycopg.AsyncConnection [BAD] at 0x${Math.floor(Math.random() * 2 ** 40).toString(16)}>`, 'pool_async.py:744');
      void client.end().catch(() => undefined);
      this.addConnection(undefined, false);
      return;
    }
    this.giveOrKeep(client);
  }

  /** close(timeout=5): stop the tasks, close the connections, wait for connection attempts up to 5 s. */
  async close(timeoutS = 5): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`the pool '${this.name}' is already closed`));
    await Promise.all(this.idle.splice(0).map((c) => c.end().catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise((resolve) => (timer = setTimeout(resolve, timeoutS * 1000)));
    await Promise.race([Promise.allSettled([...this.connecting]), limit]);
    clearTimeout(timer);
  }
}
