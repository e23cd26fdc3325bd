/**
 * Every message the program can stop with, read from its source: each `new UsageError(problem, fix)`
 * and `new TaskFailure(problem, fix)`, and each diagnosis (`problem:` / `fix:` in src/diagnose). A value
 * computed at run time is shown as <what it is>. README's Troubleshooting is rendered from this list,
 * and test/unit/troubleshooting-docs.test.ts fails when the two differ.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { root } from './cli.js';

export interface Message {
  area: string;
  problem: string;
  fix: string;
}

/** `${a.dbUser}` → <dbUser>; `${quote(line)}` → <line>. */
function placeholder(expr: string): string {
  const names = expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const skip = new Set(['a', 'ctx', 'answers', 'flags', 'paths', 'options', 'quote', 'String', 'join', 'error', 'as', 'Error', 'message', 'toFixed', 'split', 'replace', 'map', 'filter', 'length', 'JSON', 'stringify', 'at', 'f', 's', 'c', 'x']);
  const name = names.filter((n) => !skip.has(n)).at(-1) ?? names.at(-1) ?? 'value';
  return `<${name}>`;
}

function text(node: ts.Node | undefined, sf: ts.SourceFile): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => placeholder(s.expression.getText(sf)) + s.literal.text).join('');
  if (ts.isParenthesizedExpression(node)) return text(node.expression, sf);
  if (ts.isConditionalExpression(node)) {
    const yes = text(node.whenTrue, sf);
    const no = text(node.whenFalse, sf);
    return yes && no ? (yes === no ? yes : `${yes} / ${no}`) : (yes ?? no);
  }
  // A fix built by a function of the same file (compose-rules.ts: mirrorFix): the text of its first return.
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const name = node.expression.text;
    const fn = sf.statements.find((st): st is ts.FunctionDeclaration => ts.isFunctionDeclaration(st) && st.name?.text === name);
    const returns: ts.ReturnStatement[] = [];
    const collect = (n: ts.Node): void => (ts.isReturnStatement(n) ? void returns.push(n) : ts.forEachChild(n, collect));
    if (fn?.body) collect(fn.body);
    return text(returns[0]?.expression, sf);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = text(node.left, sf);
    const r = text(node.right, sf);
    return l !== undefined || r !== undefined ? `${l ?? '<…>'}${r ?? '<…>'}` : undefined;
  }
  return undefined;
}

const areas: Array<[RegExp, string]> = [
  [/^src\/(core\/(answer-sources|validators|answers|questions)|commands\/(deployment|init))/, 'Answers, flags and files'],
  [/^src\/core\/lock|^src\/core\/state/, 'The deployment folder and its lock'],
  [/^src\/(infra\/(docker|compose)|diagnose\/compose)/, 'Docker and compose'],
  [/^src\/(infra\/postgres|infra\/pg-tools|phases\/a|phases\/shared|diagnose\/postgres)/, 'PostgreSQL'],
  [/^src\/(phases\/[bcd]|phases\/e|diagnose)/, 'Deployment and verification (phases B to E)'],
  [/^src\/phases\/f|^src\/commands\/key/, 'Clients and the client key (phase F)'],
  [/^src\/(servers|commands\/mcp-)/, 'Added MCP servers'],
  [/^src\/(backup|commands\/(backup|restore))/, 'Backup and restore'],
];

export function messageCatalog(): Message[] {
  const files = execFileSync('git', ['ls-files', 'src'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  const out: Message[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(`${root}/${file}`, 'utf8'), ts.ScriptTarget.Latest, true);
    const area = areas.find(([re]) => re.test(file))?.[1] ?? 'Other commands';
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && ['UsageError', 'TaskFailure'].includes(n.expression.text)) {
        const problem = text(n.arguments?.[0], sf);
        const fix = text(n.arguments?.[1], sf);
        if (problem) out.push({ area, problem, fix: fix ?? '(given with the message)' });
      }
      if (ts.isObjectLiteralExpression(n)) {
        const prop = (key: string) => n.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === key);
        const problem = text(prop('problem')?.initializer, sf);
        const fix = text(prop('fix')?.initializer, sf);
        if (problem && fix) out.push({ area, problem, fix });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const seen = new Set<string>();
  return out.filter((m) => (seen.has(m.problem) ? false : (seen.add(m.problem), true)));
}

export const startMarker = '<!-- troubleshooting: generated from the source by test/unit/troubleshooting-docs.test.ts (`npm run docs` rewrites it) -->';
export const endMarker = '<!-- troubleshooting: end -->';

export function troubleshootingMarkdown(messages: Message[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const byArea = new Map<string, Message[]>();
  for (const m of messages) byArea.set(m.area, [...(byArea.get(m.area) ?? []), m]);
  const order = [...areas.map(([, a]) => a), 'Other commands'];
  const parts = [startMarker, ''];
  for (const area of order) {
    const list = byArea.get(area);
    if (!list) continue;
    parts.push(`**${area}**`, '', '| Message | Fix |', '|---|---|', ...list.map((m) => `| ${escape(m.problem)} | ${escape(m.fix)} |`), '');
  }
  parts.push(endMarker);
  return parts.join('\n');
}
