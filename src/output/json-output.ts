/**
 * The face of Output for scripts (`--json`): one JSON object per line on stdout, each an event with its
 * time. Warnings and errors are also written as plain lines to stderr, for the person reading a CI log.
 */
import { redact } from '../core/redact.js';
import type { Output } from './output.js';

type Fields = Record<string, unknown>;

/** Every string redacted before serialising: a pattern run over the JSON text could eat a quote or an escape and break the line. */
function redacted(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redacted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redacted(v)]));
  return value;
}

/** One event line; fields left undefined are left out, as JSON.stringify does. */
export function writeEvent(stream: NodeJS.WritableStream, event: string, fields: Fields = {}): void {
  stream.write(`${JSON.stringify(redacted({ event, at: new Date().toISOString(), ...fields }))}\n`);
}

export function jsonOutput(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  // Progress and diffs belong to the phase and task running when they come.
  let phase: string | undefined;
  let task: string | undefined;
  const put = (event: string, fields: Fields) => writeEvent(stdout, event, fields);
  return {
    interactive: false,
    intro: (title) => put('start', { title }),
    phase(id, title) {
      phase = id;
      put('phase', { id, title });
    },
    task(title) {
      task = title;
      return {
        end: ({ status, message, issue, facts, findings }) => put('task', { phase, title, status, message, ...issue, facts, findings }),
      };
    },
    info: (message) => put('info', { message }),
    warn(message) {
      put('warning', { message });
      stderr.write(`${redact(`warning: ${message}`)}\n`);
    },
    error(message, fix) {
      put('error', { message, fix });
      stderr.write(`${redact(`error: ${message}${fix ? `\nfix: ${fix}` : ''}`)}\n`);
    },
    // Only the lasting steps (an image pulled, a wait begun): a script wants each once, not every tick.
    progress(text, lasting) {
      if (lasting) put('progress', { phase, task, text });
    },
    text: (text) => put('diff', { phase, task, text }),
    outro: (message) => put('end', { message }),
  };
}
