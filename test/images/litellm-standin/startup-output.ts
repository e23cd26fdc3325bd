/**
 * What LiteLLM 1.77.3 prints on stdout while it starts (FACTS.md, seen: "about 17 plain-text start-up
 * lines go to stdout ('Using json logs...', an ASCII banner, 'Proxy initialized with Config, Set models:'
 * and the model names)"): the CLI's json-logs notice, the "LiteLLM" block-letter banner, the feedback box,
 * then the model list in green. With one model that is 17 non-blank lines. The real feedback box picks
 * one of several requests at random; the stand-in always prints the same one.
 */
import { print } from './log.js';

export function printJsonLogsNotice(): void {
  print('Using json logs. Setting log_config to None.');
}

const banner = [
  '   ██╗     ██╗████████╗███████╗██╗     ██╗     ███╗   ███╗',
  '   ██║     ██║╚══██╔══╝██╔════╝██║     ██║     ████╗ ████║',
  '   ██║     ██║   ██║   █████╗  ██║     ██║     ██╔████╔██║',
  '   ██║     ██║   ██║   ██╔══╝  ██║     ██║     ██║╚██╔╝██║',
  '   ███████╗██║   ██║   ███████╗███████╗███████╗██║ ╚═╝ ██║',
  '   ╚══════╝╚═╝   ╚═╝   ╚══════╝╚══════╝╚══════╝╚═╝     ╚═╝',
];

export function printBanner(): void {
  print('', ...banner, '');
}

const white = (s: string) => `\u001b[1;37m${s}\u001b[0m`;

function centred(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
  return `${' '.repeat(Math.max(0, left))}${text}`.padEnd(width);
}

export function printFeedbackBox(): void {
  const width = 60;
  const issues = 'https://github.com/BerriAI/litellm/issues/new';
  print(
    '',
    white(`#${'-'.repeat(width)}#`),
    white(`#${' '.repeat(width)}#`),
    white(`#${centred("'It would help me if you could add...'", width)}#`),
    white(`#${centred(issues, width)}#`),
    white(`#${' '.repeat(width)}#`),
    white(`#${'-'.repeat(width)}#`),
    '',
    ' Thank you for using LiteLLM! - Krrish & Ishaan',
    '',
    '',
    '',
    `\u001b[1;31mGive Feedback / Get Help: ${issues}\u001b[0m`,
    '',
    '',
  );
}

/** Printed only when the config has a model list. */
export function printModels(names: readonly string[]): void {
  if (names.length === 0) return;
  print('\u001b[32mLiteLLM: Proxy initialized with Config, Set models:\u001b[0m', ...names.map((n) => `\u001b[32m    ${n}\u001b[0m`));
}
