/**
 * What an adoption will do, told before it does it: each finding, then where every answer comes from,
 * which secrets are kept, what is not carried over, which containers are replaced and which run on, and
 * the diffs between the person's files and what litellm-mcp writes in their place (as `plan` shows
 * them). Pure text; every line goes out through the redactor.
 */
import { relative } from 'node:path';
import type { Answers, AnswerKey } from '../core/answers.js';
import { generated } from '../core/paths.js';
import { formatAnswer, kebab } from '../core/questions.js';
import { renderLitellmCompose } from '../render/litellm-compose.js';
import { renderLitellmConfig } from '../render/litellm-config.js';
import { renderMcpCompose } from '../render/mcp-compose.js';
import { unifiedDiff } from '../render/unified-diff.js';
import type { AdoptFinding } from './findings.js';
import { shown, type HandMade } from './hand-made.js';
import type { ImpliedAnswers } from './implied-answers.js';
import type { KeptSecrets } from './kept-secrets.js';
import { readIfExists } from '../infra/files.js';
import { yaml } from '../infra/yaml.js';

export function formatFinding(f: AdoptFinding): string {
  const mark = f.severity === 'error' ? '✖ error  ' : '▲ warning';
  return [`${mark}  ${f.where}`, `      ${f.problem}.`, `      evidence: ${f.evidence}`, ...(f.cause ? [`      cause: ${f.cause}`] : []), `      fix: ${f.fix}`].join('\n');
}

export function answerLines(answers: Answers, implied: ImpliedAnswers, given: ReadonlySet<AnswerKey>): string {
  const keys = Object.keys(implied.from) as AnswerKey[];
  const lines = keys.map((k) => `  ${kebab(k)}: ${formatAnswer(answers[k])}  (${given.has(k) ? 'given on the command line' : implied.from[k]})`);
  if (answers.extraModels.length) lines.push(`  extra-models: ${answers.extraModels.map((m) => m.model_name).join(', ')}  (config.yaml → model_list, as written there; keys as os.environ/ references)`);
  return ['Answers (litellm-mcp.yaml), from the hand-made deployment:', `  name: ${answers.name}  (its compose projects ${answers.name}, ${answers.name}-connector)`, ...lines, '  everything else: litellm-mcp\'s defaults (`litellm-mcp init --help` lists them)'].join('\n');
}

export function secretLines(kept: KeptSecrets, adminFrom: string | undefined, variables: readonly string[] = []): string {
  return [
    'Secrets, moved into secrets/generated.env (0600) with their values unchanged:',
    ...kept.notes.map((n) => `  ${n}`),
    ...(variables.length ? [`  ${variables.join(', ')}, which the models read: kept, into secrets/providers.env (0600)`] : []),
    ...(adminFrom ? [`  the admin login for this run (never saved): ${adminFrom}`] : []),
  ].join('\n');
}

export function containerLines(h: HandMade, implied: ImpliedAnswers, leftBehind: readonly string[]): string {
  return [
    `Replaced by litellm-mcp's containers: ${implied.replaced.map((l) => `${l.service.name} (${shown(h, l.stack.file)})`).join(', ')}: stopped and kept, never removed, for \`litellm-mcp adopt --undo\`.`,
    ...(implied.untouched.length ? [`Left running as they are: ${implied.untouched.map((l) => `${l.service.name} (${shown(h, l.stack.file)})`).join(', ')}.`] : []),
    ...(leftBehind.length ? ['Not carried over (the originals stay in adopted/):', ...leftBehind.map((l) => `  ${l}`)] : []),
  ].join('\n');
}

/**
 * Their compose file with every environment value masked: a value can be a secret under any name
 * (`DB_PASS`), which no pattern of the redactor knows; the diff is about the rest of the file.
 */
function maskedEnvironment(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const { parseDocument, isMap, isScalar, isSeq } = yaml();
  const doc = parseDocument(text);
  const services = doc.get('services');
  if (!isMap(services)) return text;
  for (const service of services.items) {
    const env = isMap(service.value) ? service.value.get('environment') : undefined;
    if (isMap(env)) for (const pair of env.items) { if (isScalar(pair.value) && pair.value.value !== null) pair.value.value = '***'; }
    if (isSeq(env)) for (const item of env.items) { if (isScalar(item)) item.value = String(item.value).replace(/=.*$/s, '=***'); }
  }
  return doc.toString();
}

/** Their file beside the one litellm-mcp writes in its place, as a unified diff with both names. */
function diffOf(theirs: string | undefined, ours: string, theirName: string, ourName: string): string {
  return unifiedDiff(theirs ?? '', ours, ourName).replace(/^--- .*\n\+\+\+ .*/, `--- ${theirs === undefined ? '/dev/null' : theirName}\n+++ ${ourName} (litellm-mcp)`);
}

export function fileDiffs(h: HandMade, implied: ImpliedAnswers, answers: Answers, dir: string): string[] {
  const rel = (path: string) => relative(dir, path) || path;
  const config = h.config;
  return [
    diffOf(maskedEnvironment(readIfExists(implied.litellm.stack.file)), renderLitellmCompose(answers), shown(h, implied.litellm.stack.file), rel(`${dir}/${generated.litellmCompose}`)),
    diffOf(config?.text, renderLitellmConfig(answers), config ? shown(h, config.file) : 'config.yaml', generated.litellmConfig),
    diffOf(implied.mcp ? maskedEnvironment(readIfExists(implied.mcp.stack.file)) : undefined, renderMcpCompose(answers), implied.mcp ? shown(h, implied.mcp.stack.file) : '(no MCP server)', generated.mcpCompose),
  ];
}
