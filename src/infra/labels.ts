/** The label on what this tool creates in Docker, so that `down --purge` removes only its own. */
export const createdByLabel = 'io.litellm-mcp.created-by';

/** Ours: made by this tool (secrets) or by one of this deployment's stacks (configs), and named after one. */
export function ownedBy(stacks: readonly string[], name: string | undefined, labels: Record<string, string> | undefined): boolean {
  const made = labels?.[createdByLabel] !== undefined || stacks.includes(labels?.['com.docker.stack.namespace'] ?? '');
  return made && stacks.some((s) => name?.startsWith(`${s}_`) === true);
}
