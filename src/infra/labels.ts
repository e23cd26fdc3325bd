/** The label on what this tool creates in Docker, so that `down --purge` removes only its own. */
export const createdByLabel = 'io.litellm-mcp.created-by';
