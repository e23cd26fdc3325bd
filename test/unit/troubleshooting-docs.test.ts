/**
 * README's Troubleshooting lists every message the program can stop with, with its fix: rendered from
 * the source (test/support/messages.ts), so a new message without its entry fails here.
 * `npm run docs` rewrites the section (UPDATE_DOCS=1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';
import { endMarker, messageCatalog, startMarker, troubleshootingMarkdown } from '../support/messages.js';

const readme = join(root, 'README.md');

describe('README Troubleshooting', () => {
  it('lists every message of the source with its fix, and nothing that is gone', () => {
    const messages = messageCatalog();
    // The catalog really reads the source: the messages of the runbook's two failures are in it.
    expect(messages.length).toBeGreaterThan(100);
    expect(messages.some((m) => /Another litellm-mcp run holds this deployment/.test(m.problem))).toBe(true);
    const text = readFileSync(readme, 'utf8');
    const start = text.indexOf(startMarker);
    const end = text.indexOf(endMarker);
    expect(start, 'README.md has no Troubleshooting block').toBeGreaterThan(0);
    const wanted = troubleshootingMarkdown(messages);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(readme, text.slice(0, start) + wanted + text.slice(end + endMarker.length));
    else expect(text.slice(start, end + endMarker.length)).toBe(wanted);
  });
});
