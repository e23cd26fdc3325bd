/** `down`: stop both stacks. `--purge` also removes their volumes and the network this tool created. */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { generated, projects, deploymentPaths } from '../core/paths.js';
import { createdByLabel } from '../infra/labels.js';
import { plainOutput } from '../output/output.js';
import { requireSavedAnswers, resolveDir, type GlobalOptions } from './deployment.js';

export async function down(flags: GlobalOptions & { purge?: boolean }, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const out = plainOutput();
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  const { detectCompose } = await import('../infra/compose.js');
  const compose = await detectCompose();
  const stacks: Array<[string, string]> = [
    [projects.gateway, generated.litellmCompose],
    [projects.connector, generated.mcpCompose],
  ];
  for (const [project, rel] of stacks) {
    const file = join(paths.dir, rel);
    const args = existsSync(file) ? ['-p', project, '-f', file, 'down'] : ['-p', project, 'down'];
    if (flags.purge) args.push('--volumes');
    await compose.run(args);
    out.info(`Stopped ${project}${flags.purge ? ' and removed its volumes' : ''}.`);
  }
  if (flags.purge) {
    const { connectDocker } = await import('../infra/docker.js');
    const docker = await connectDocker();
    const network = await docker.network(answers.network);
    if (network?.labels[createdByLabel]) {
      await docker.raw.getNetwork(answers.network).remove();
      out.info(`Removed the network ${answers.network}.`);
    }
  }
  return 0;
}
