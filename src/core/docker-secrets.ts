/**
 * Docker secrets of a swarm deployment. A secret cannot be changed once created, so each value gets a
 * name of its own: the variable, then a digest of the value. A new value (a rotation) is a new name, and
 * `docker stack deploy` rolls the services that read it over to the new version; the old one is removed
 * once no service holds it. The digest is keyed by the deployment's name, so equal values in two
 * deployments get different names; only someone who can list the swarm's secrets sees them, and they can
 * already read the values through a service.
 */
import { createHmac } from 'node:crypto';
import { parseEnvFile } from './env-file.js';

/** Docker's limit on a secret's name. */
const maxName = 64;

export function dockerSecretName(stack: string, variable: string, value: string): string {
  const digest = createHmac('sha256', stack).update(`${variable}\0${value}`).digest('hex').slice(0, 12);
  const head = `${stack}_${variable.toLowerCase()}`.slice(0, maxName - digest.length - 1);
  return `${head}_${digest}`;
}

/** Every variable of these env files (texts) → its versioned secret; a later file wins, as in compose. */
export function secretsOfEnvFiles(stack: string, texts: readonly string[]): { names: Record<string, string>; values: Map<string, string> } {
  const values = new Map<string, string>();
  for (const text of texts) for (const [k, v] of parseEnvFile(text)) values.set(k, v);
  const names: Record<string, string> = {};
  for (const [k, v] of values) names[k] = dockerSecretName(stack, k, v);
  return { names, values };
}
