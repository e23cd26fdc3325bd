import { isCancel } from '@clack/prompts';
import { CancelledError } from '../core/errors.js';

/** A cancelled prompt (Ctrl-C, Escape) is not an answer: the compiler and the runtime both know it. */
export function abortIfCancelled<T>(value: T | symbol): Exclude<T, symbol> {
  if (isCancel(value)) throw new CancelledError('Cancelled: nothing was changed.');
  return value as Exclude<T, symbol>;
}
