/**
 * The stack's images, first in phase A (before anything is created) and again before phase E deploys (an
 * upgrade, an edited answer): each here or in its registry, a missing one named with the option that sets
 * it; the ones to pull pulled as this task, with their progress, not silently inside `compose up`.
 */
import type { Answers } from '../../core/answers.js';
import { imageOptions, usesRedis } from '../../core/answers.js';
import type { Task } from '../../core/task.js';
import type { Context } from '../../core/context.js';
import { mirrorFix } from '../../diagnose/compose-rules.js';
import { availability, progressBar, pulledLine, pullImage, type Availability } from '../../infra/images.js';
import { errorMessage, TaskFailure } from '../../core/errors.js';

/** Every image the deployment runs, with the option that sets it. */
export function stackImages(a: Answers): Record<string, string> {
  const options: Record<string, string> = {};
  for (const s of a.mcpServers) options[s.image] = `the image of "${s.name}" (mcp-servers in litellm-mcp.yaml)`;
  const answered = imageOptions(a);
  if (a.dbStrategy !== 'dedicated') delete answered[a.postgresImage];
  if (!usesRedis(a)) delete answered[a.redisImage];
  return { ...options, ...answered };
}

async function survey(ctx: Context): Promise<Array<{ ref: string; where: Availability }>> {
  const api = await ctx.infra.docker();
  return Promise.all(Object.keys(stackImages(ctx.answers)).map(async (ref) => ({ ref, where: await availability(api, ref) })));
}

function unavailable(ctx: Context, missing: Array<{ ref: string; why: string }>): TaskFailure {
  const options = stackImages(ctx.answers);
  const said = missing.map((m) => `${m.ref} (${options[m.ref]}): not on this host, and ${m.why}`).join('; ');
  const fix = mirrorFix({ images: missing.map((m) => m.ref), imageOptions: options });
  return new TaskFailure(`Image${missing.length > 1 ? 's' : ''} not available: ${said}.`, `${fix} On a host without a registry, \`docker load\` it from a file instead (\`docker save\` on a host that has it).`);
}

const throttleMs = 250;

export const imagesTask: Task = {
  title: 'Images',
  async check(ctx) {
    const found = await survey(ctx);
    const missing = found.flatMap((f) => (f.where.at === 'nowhere' ? [{ ref: f.ref, why: f.where.why }] : []));
    if (missing.length) throw unavailable(ctx, missing);
    const toPull = found.filter((f) => f.where.at === 'registry').map((f) => f.ref);
    if (toPull.length === 0) return { status: 'ok', message: `all ${found.length} here: ${found.map((f) => f.ref).join(', ')}` };
    return { status: 'change', message: `to pull: ${toPull.join(', ')} (found in their registries)` };
  },
  async apply(ctx) {
    const api = await ctx.infra.docker();
    const pulled: string[] = [];
    // The check has just asked the registries; here only what is still missing locally is pulled.
    for (const ref of Object.keys(stackImages(ctx.answers))) {
      if (await api.imageId(ref)) continue;
      const started = Date.now();
      let shown = 0;
      ctx.out.progress(`pulling ${ref}`, true);
      try {
        const done = await pullImage(api.raw, ref, (p) => {
          if (Date.now() - shown < throttleMs) return;
          shown = Date.now();
          ctx.out.progress(`pulling ${ref} ${progressBar(p)}`);
        });
        ctx.out.progress(pulledLine(ref, done, Date.now() - started), true);
      } catch (error) {
        // The registry answered the question but not the pull (a layer refused, the disk full, the link cut).
        const message = errorMessage(error);
        throw new TaskFailure(`Pulling ${ref} failed: ${message}`, /no space left/i.test(message) ? 'Free disk space for Docker (`docker system df`, `docker image prune`), then run the phase again: layers already pulled are kept.' : `${mirrorFix({ images: [ref], imageOptions: stackImages(ctx.answers) })} Layers already pulled are kept: running it again resumes the pull.`);
      }
      pulled.push(ref);
    }
    return { status: 'changed', message: `pulled ${pulled.join(', ')}` };
  },
};
