/** The image options a user would pass, pointed at the locally built test images (nothing can be pulled). */
import { inject } from 'vitest';

export function imageFlags(overrides: { mcp?: string; litellm?: string } = {}): string[] {
  const images = inject('images');
  return [
    '--postgres-image', inject('postgresImage'),
    '--mcp-image', overrides.mcp ?? images.mcp,
    '--litellm-image', overrides.litellm ?? images.litellm,
  ];
}
