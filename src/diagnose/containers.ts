/** The containers a diagnosis names in "read it all with `docker logs …`", when it was not told the name. */
import { projects, services } from '../core/paths.js';

// Compose names a project's first container `<project>-<service>-1`; the project names are fixed.
export const litellmContainer = `${projects.gateway}-${services.litellm}-1`;
export const postgresContainer = `${projects.gateway}-${services.postgres}-1`;
export const mcpContainer = `${projects.connector}-${services.mcp}-1`;
