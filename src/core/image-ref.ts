/** An image's repository name without registry, path, tag or digest: `ghcr.io/berriai/litellm:v1` → `litellm`. */
export const repository = (image: string): string => image.replace(/@.*$/, '').replace(/:[^/]*$/, '').split('/').pop() ?? '';
