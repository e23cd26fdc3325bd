/** A unified diff of two texts (line-based LCS), for `plan`. Files here are small: O(n·m) is fine. */
export function unifiedDiff(oldText: string, newText: string, name: string, context = 3): string {
  const a = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n');
  const b = newText.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  type Line = { op: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) lines.push({ op: ' ', text: a[i++]!, ai: i, bi: ++j });
    // Deletions before additions, as diff(1) prints them.
    else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) lines.push({ op: '-', text: a[i++]!, ai: i, bi: j });
    else lines.push({ op: '+', text: b[j++]!, ai: i, bi: j });
  }
  const out = [`--- ${oldText === '' ? '/dev/null' : `a/${name}`}`, `+++ b/${name}`];
  let k = 0;
  while (k < lines.length) {
    if (lines[k]!.op === ' ') { k++; continue; }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are within 2*context lines of each other.
    for (let m = k; m < lines.length; m++) {
      if (lines[m]!.op !== ' ') end = m;
      else if (m - end > 2 * context) break;
    }
    const stop = Math.min(lines.length, end + context + 1);
    const hunk = lines.slice(start, stop);
    const oldStart = hunk.find((l) => l.op !== '+')?.ai ?? start;
    const newStart = hunk.find((l) => l.op !== '-')?.bi ?? start;
    const oldCount = hunk.filter((l) => l.op !== '+').length;
    const newCount = hunk.filter((l) => l.op !== '-').length;
    out.push(`@@ -${oldCount ? oldStart : 0},${oldCount} +${newCount ? newStart : 0},${newCount} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
    k = stop;
  }
  return out.join('\n');
}
