/**
 * Drives the program through a real pseudo-terminal (util-linux `script`), as a person would: wait for
 * text on the screen, press keys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { bin } from './cli.js';

const ansi = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]/g;

export interface Terminal {
  /** Waits until the screen shows this text (after the last match), then returns the screen so far. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  press(keys: string): void;
  exit: Promise<number>;
  screen(): string;
}

// Every terminal still open: a test that fails half-way leaves its program waiting at a prompt, holding
// its deployment's lock and ports; closeTerminals (in an afterEach) ends them.
const open = new Set<ChildProcess>();

export function closeTerminals(): void {
  for (const child of open) child.kill('SIGKILL');
  open.clear();
}

export const keys = { enter: '\r', down: '\x1b[B', up: '\x1b[A', space: ' ', ctrlC: '\x03', backspace: '\x7f' } as const;

export function openTerminal(args: string[], env: Record<string, string>): Terminal {
  const command = `stty cols 120 rows 50; exec node ${bin} ${args.map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  open.add(child);
  child.on('exit', () => open.delete(child));
  let raw = '';
  let seen = 0;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const screen = () => raw.replace(ansi, '');
  return {
    screen,
    press: (k) => void child.stdin.write(k),
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = screen().slice(seen);
          const match = pattern.exec(text);
          if (!match) return;
          seen += match.index + match[0].length;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(screen());
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`screen never showed ${pattern}; it shows:\n${screen().slice(-1500)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
