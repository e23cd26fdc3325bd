/**
 * The host-side address of a published port: 0.0.0.0 means every interface, so loopback works. Kept apart
 * from the HTTP client so that listing tasks (the report) loads no network module.
 */
export function hostAddress(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '[::1]';
  return bind.includes(':') ? `[${bind}]` : bind;
}
