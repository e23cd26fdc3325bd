/**
 * `down` on a swarm: `docker stack rm` for both stacks, then waiting until their tasks are gone (the
 * network and the volume are in use until then). `--purge` also removes the dedicated database's volume
 * on this node, the versioned Docker secrets and configs this tool made, and its gateway network.
 */
import type Docker from 'dockerode';
import type { Answers } from '../core/answers.js';
import { TaskFailure } from '../core/errors.js';
import { projectsOf } from '../core/paths.js';
import { redact } from '../core/redact.js';
import { ownedBy } from '../infra/labels.js';
import type { Output } from '../output/output.js';

const goneWithinMs = 60_000;

async function tasksLeft(api: Docker, stack: string): Promise<number> {
  const containers = await api.listContainers({ all: true, filters: { label: [`com.docker.stack.namespace=${stack}`] } });
  const services = await api.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } });
  return containers.length + services.length;
}

export async function stopSwarmStacks(api: Docker, answers: Answers, purge: boolean, out: Output): Promise<void> {
  const { execa } = await import('execa');
  const { gateway, connector } = projectsOf(answers.name);
  const stacks = [gateway, connector];
  for (const stack of stacks) {
    const run = await execa('docker', ['stack', 'rm', stack], { reject: false });
    if (run.exitCode !== 0) throw new TaskFailure(`docker stack rm ${stack} failed: ${redact(run.stderr || run.stdout)}`, 'Run `docker stack ls` on a manager of the swarm, then `litellm-mcp down` again.');
  }
  const until = Date.now() + goneWithinMs;
  for (const stack of stacks) {
    while ((await tasksLeft(api, stack)) > 0) {
      if (Date.now() > until) throw new TaskFailure(`The tasks of ${stack} did not stop within ${goneWithinMs / 1000} s.`, `Read \`docker stack ps ${stack}\`, then run \`litellm-mcp down\` again.`);
      await new Promise((r) => setTimeout(r, 500));
    }
    out.info(`Removed the stack ${stack}${purge ? '' : ' (its secrets, configs and volume are kept)'}.`);
  }
  if (!purge) return;
  if (answers.dbStrategy === 'dedicated') {
    await api.getVolume(`${gateway}_pgdata`).remove().catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
    out.info(`Removed the volume ${gateway}_pgdata (the dedicated PostgreSQL's data, on this node).`);
  }
  const secrets = (await api.listSecrets()).filter((s) => ownedBy(stacks, s.Spec?.Name, s.Spec?.Labels));
  for (const s of secrets) await api.getSecret(s.ID).remove();
  const configs = (await api.listConfigs()).filter((c) => ownedBy(stacks, c.Spec?.Name, c.Spec?.Labels));
  for (const c of configs) await api.getConfig(c.ID).remove();
  out.info(`Removed ${secrets.length} Docker secret(s) and ${configs.length} config(s) of ${answers.name}.`);
}
