/** The report's service table: every container of both stacks as Docker sees it now. */
import type { Context } from '../../core/context.js';
import { projectsOf } from '../../core/paths.js';
import type { ServiceRecord } from '../../core/state.js';
import { projectContainers } from '../../infra/compose-services.js';

export async function recordServices(ctx: Context): Promise<void> {
  const docker = (await ctx.infra.docker()).raw;
  const rows: ServiceRecord[] = [];
  for (const project of [projectsOf(ctx.answers.name).connector, projectsOf(ctx.answers.name).gateway]) {
    for (const c of await projectContainers(docker, project)) {
      const row: ServiceRecord = { project, service: c.service, container: c.name, image: c.image, state: c.state, ports: c.ports };
      if (c.health) row.health = c.health;
      rows.push(row);
    }
  }
  ctx.state.services = rows;
  ctx.state.servicesAt = new Date().toISOString();
}
