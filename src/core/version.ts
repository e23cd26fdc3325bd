/** This program's version: `--version`, and what a scheduled job pins npx to. Kept equal to package.json's. */
export const version = '0.1.0';
