/** Escape codes only reach a terminal: a CI log (CI set, output redirected) reads as plain text. */
import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../src/output/output.js';

describe('colour in plain output', () => {
  it('only at a terminal; NO_COLOR wins; FORCE_COLOR forces it', () => {
    expect(colourWanted({ CI: 'true' }, { isTTY: false })).toBe(false);
    expect(colourWanted({}, { isTTY: false })).toBe(false);
    expect(colourWanted({ TERM: 'xterm-256color' }, { isTTY: true })).toBe(true);
    expect(colourWanted({ TERM: 'dumb' }, { isTTY: true })).toBe(false);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, { isTTY: true })).toBe(false);
    expect(colourWanted({ FORCE_COLOR: '1' }, { isTTY: false })).toBe(true);
    expect(colourWanted({ FORCE_COLOR: '0' }, { isTTY: false })).toBe(false);
  });
});
