/** The interactive face of Output: clack's spinner per task, one outcome line each. */
import * as p from '@clack/prompts';
import pc from 'picocolors';
import { redact } from '../core/redact.js';
import { outcomeLine, type Output } from './output.js';

export function clackOutput(): Output {
  // The running task's spinner, so progress can change its text; none between tasks.
  let running: ReturnType<typeof p.spinner> | undefined;
  return {
    interactive: true,
    intro: (title) => p.intro(pc.inverse(` ${redact(title)} `)),
    phase: (id, title) => p.log.step(pc.bold(`Phase ${id.toUpperCase()}: ${redact(title)}`)),
    task(title) {
      const spin = p.spinner();
      spin.start(redact(title));
      running = spin;
      return {
        end(outcome) {
          running = undefined;
          const line = redact(outcomeLine(title, outcome));
          if (outcome.status === 'failed') spin.error(line);
          else spin.stop(line);
        },
      };
    },
    info: (m) => p.log.info(redact(m)),
    warn: (m) => p.log.warn(redact(m)),
    error: (m, fix) => p.log.error(redact(fix ? `${m}\nfix: ${fix}` : m)),
    text: (m) => p.log.message(redact(m)),
    progress(m, lasting) {
      if (running) running.message(redact(m));
      // Between tasks there is no spinner to count in: only a lasting step gets a line.
      else if (lasting) p.log.info(redact(m));
    },
    outro: (m) => p.outro(redact(m)),
  };
}
