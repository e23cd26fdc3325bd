/**
 * `down`: stop both stacks (and each added MCP server's). `--purge` also removes their volumes and the network this tool created.
 * Phase E's, F's and G's records go with them: what they proved is no longer running, so the report says
 * PENDING. The client key stays in LiteLLM's database (gone with --purge): phase f checks it again.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Answers } from '../core/answers.js';
import { generated, projectsOf, deploymentPaths, type Paths } from '../core/paths.js';
import { acquireLock } from '../core/lock.js';
import { loadState, saveState } from '../core/state.js';
import { writeReport } from '../report/write-report.js';
import { createdByLabel } from '../infra/labels.js';
import { plainOutput, type Output } from '../output/output.js';
import { appliedAnswers, resolveDir, type GlobalOptions } from './deployment.js';
import { addedNames } from '../servers/gateway-servers.js';

export async function down(flags: GlobalOptions & { purge?: boolean }, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const out = plainOutput();
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  // What was deployed, not a later edit of the answers; a folder without a deployment is refused here.
  const answers = appliedAnswers(paths, loadState(paths.stateFile), env);
  // Not while a run deploys into the same folder.
  const lock = acquireLock(paths.lockFile, 'down');
  try {
    return await stopStacks(paths, answers, flags, out);
  } finally {
    lock.release();
  }
}

async function stopStacks(paths: Paths, answers: Answers, flags: { purge?: boolean }, out: Output): Promise<number> {
  const { detectCompose } = await import('../infra/compose.js');
  const compose = await detectCompose();
  const stacks: Array<[string, string]> = [
    [projectsOf(answers.name).gateway, generated.litellmCompose],
    [projectsOf(answers.name).connector, generated.mcpCompose],
    // Servers added with `mcp add`: their stacks too (stopped, never removed from the answers).
    ...answers.mcpServers.map((s): [string, string] => [addedNames(answers.name, s.name).project, addedNames(answers.name, s.name).composeRel]),
  ];
  for (const [project, rel] of stacks) {
    const file = join(paths.dir, rel);
    const args = existsSync(file) ? ['-p', project, '-f', file, 'down'] : ['-p', project, 'down'];
    if (flags.purge) args.push('--volumes');
    await compose.run(args);
    out.info(`Stopped ${project}${flags.purge ? ' and removed its volumes' : ''}.`);
  }
  const state = loadState(paths.stateFile);
  delete state.phases.e;
  delete state.phases.f;
  delete state.phases.g;
  delete state.deployed;
  state.services = [];
  state.servicesAt = new Date().toISOString();
  saveState(paths.stateFile, state);
  writeReport(paths, answers, state);
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
