import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/render/unified-diff.js';

describe('unifiedDiff', () => {
  it('shows a changed line with its context', () => {
    const diff = unifiedDiff('a\nb\nc\nd\n', 'a\nb\nX\nd\n', 'f.yml');
    expect(diff.split('\n')).toEqual(['--- a/f.yml', '+++ b/f.yml', '@@ -1,4 +1,4 @@', ' a', ' b', '-c', '+X', ' d']);
  });

  it('shows a new file as all additions', () => {
    expect(unifiedDiff('', 'x\ny\n', 'n.yml').split('\n')).toEqual(['--- /dev/null', '+++ b/n.yml', '@@ -0,0 +1,2 @@', '+x', '+y']);
  });
});
