/**
 * postgres-mcp v0.3.0's command line, as Python 3.12's argparse parses and prints it (FACTS.md:
 * "`postgres-mcp --help` prints ... `[--transport {stdio,sse}]`"; defaults unrestricted, stdio,
 * localhost, 8000; `--transport=streamable-http` is "invalid choice", exit 2). The help is laid out by
 * argparse's HelpFormatter rules for the terminal width (COLUMNS, else 80), so the usage wraps exactly
 * where argparse wraps it.
 */
import { reprStr } from './python-repr.js';

export interface Options {
  database_url: string | undefined;
  access_mode: 'unrestricted' | 'restricted';
  transport: 'stdio' | 'sse';
  sse_host: string;
  sse_port: number;
}

interface Option {
  flag: string;
  dest: Exclude<keyof Options, 'database_url'>;
  metavar: string;
  help: string;
  choices?: string[];
  int?: boolean;
}

const prog = 'postgres-mcp';
const description = 'PostgreSQL MCP Server';

const options: Option[] = [
  {
    flag: '--access-mode',
    dest: 'access_mode',
    metavar: '{unrestricted,restricted}',
    choices: ['unrestricted', 'restricted'],
    help: 'Set SQL access mode: unrestricted (unrestricted) or restricted (read-only with protections)',
  },
  { flag: '--transport', dest: 'transport', metavar: '{stdio,sse}', choices: ['stdio', 'sse'], help: 'Select MCP transport: stdio (default) or sse' },
  { flag: '--sse-host', dest: 'sse_host', metavar: 'SSE_HOST', help: 'Host to bind SSE server to (default: localhost)' },
  { flag: '--sse-port', dest: 'sse_port', metavar: 'SSE_PORT', int: true, help: 'Port for SSE server (default: 8000)' },
];

/** shutil.get_terminal_size().columns - 2, as argparse.HelpFormatter takes its width. */
function formatterWidth(): number {
  const columns = Number(process.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns - 2;
  return (process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 80) - 2;
}

/** textwrap.wrap after argparse collapsed the whitespace. */
function textWrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** HelpFormatter._format_usage: "usage: prog [parts...]", wrapped under the program name. */
function usage(width: number): string {
  const prefix = 'usage: ';
  const optionalParts = ['[-h]', ...options.map((o) => `[${o.flag} ${o.metavar}]`)];
  const positionalParts = ['[database_url]'];
  const flat = `${prog} ${[...optionalParts, ...positionalParts].join(' ')}`;
  const textWidth = width;
  if (prefix.length + flat.length <= textWidth) return `${prefix}${flat}\n`;
  const indent = ' '.repeat(prefix.length + prog.length + 1);
  const getLines = (parts: string[], lineIndent: string, withPrefix?: string): string[] => {
    const lines: string[] = [];
    let line: string[] = [];
    let lineLength = withPrefix !== undefined ? withPrefix.length - 1 : lineIndent.length - 1;
    for (const part of parts) {
      if (lineLength + 1 + part.length > textWidth && line.length) {
        lines.push(lineIndent + line.join(' '));
        line = [];
        lineLength = lineIndent.length - 1;
      }
      line.push(part);
      lineLength += part.length + 1;
    }
    if (line.length) lines.push(lineIndent + line.join(' '));
    if (withPrefix !== undefined) lines[0] = lines[0]!.slice(lineIndent.length);
    return lines;
  };
  let lines: string[];
  if (prefix.length + prog.length <= 0.75 * textWidth) {
    lines = [...getLines([prog, ...optionalParts], indent, prefix), ...getLines(positionalParts, indent)];
  } else {
    lines = [prog, ...getLines(optionalParts, indent), ...getLines(positionalParts, indent)];
  }
  return `${prefix}${lines.join('\n')}\n`;
}

/** HelpFormatter._format_action: the invocation, then the help at column 24 (or on the next line). */
function actionLines(invocation: string, help: string, width: number): string {
  const helpPosition = Math.min(Math.max(...['database_url', '-h, --help', ...options.map((o) => `${o.flag} ${o.metavar}`)].map((s) => s.length + 4)), 24);
  const helpWidth = Math.max(width - helpPosition, 11);
  const wrapped = textWrap(help, helpWidth);
  const head = `  ${invocation}`;
  const first = head.length <= helpPosition - 2 ? `${head.padEnd(helpPosition)}${wrapped[0]}` : `${head}\n${' '.repeat(helpPosition)}${wrapped[0]}`;
  return [first, ...wrapped.slice(1).map((l) => ' '.repeat(helpPosition) + l)].join('\n') + '\n';
}

export function helpText(): string {
  const width = formatterWidth();
  const sections = [
    usage(width).trimEnd(),
    textWrap(description, width).join('\n'),
    `positional arguments:\n${actionLines('database_url', 'Database connection URL', width)}`.trimEnd(),
    `options:\n${actionLines('-h, --help', 'show this help message and exit', width)}${options.map((o) => actionLines(`${o.flag} ${o.metavar}`, o.help, width)).join('')}`.trimEnd(),
  ];
  return `${sections.join('\n\n')}\n`;
}

export class UsageError extends Error {}

/** ArgumentParser.error: the usage and "prog: error: ..." on stderr, exit 2. */
export function exitWithUsageError(message: string): never {
  process.stderr.write(`${usage(formatterWidth())}${prog}: error: ${message}\n`);
  process.exit(2);
}

/** Python's int(): surrounding whitespace, a sign, underscores between digits. */
function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?\d+(_\d+)*\s*$/.test(text) ? Number(text.trim().replaceAll('_', '')) : undefined;
}

const looksLikeOption = (arg: string) => arg.startsWith('-') && arg !== '-' && !/^-\d+$|^-\d*\.\d+$/.test(arg);

/** parse_args(): options in any order, unique prefixes of long options, one optional positional. */
export function parseArgs(argv: string[]): Options | 'help' {
  const result: Options = { database_url: undefined, access_mode: 'unrestricted', transport: 'stdio', sse_host: 'localhost', sse_port: 8000 };
  const positionals: string[] = [];
  const extras: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !looksLikeOption(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '-h') return 'help';
    if (!arg.startsWith('--')) {
      extras.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const flags = ['--help', ...options.map((o) => o.flag)];
    const matches = flags.includes(name) ? [name] : flags.filter((f) => f.startsWith(name));
    if (matches.length > 1) exitWithUsageError(`ambiguous option: ${name} could match ${matches.join(', ')}`);
    if (matches.length === 0) {
      extras.push(arg);
      continue;
    }
    if (matches[0] === '--help') {
      if (eq >= 0) exitWithUsageError(`argument -h/--help: ignored explicit argument ${reprStr(arg.slice(eq + 1))}`);
      return 'help';
    }
    const option = options.find((o) => o.flag === matches[0])!;
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !looksLikeOption(argv[i + 1]!)) value = argv[++i];
    if (value === undefined) exitWithUsageError(`argument ${option.flag}: expected one argument`);
    if (option.int) {
      const n = pythonInt(value);
      if (n === undefined) exitWithUsageError(`argument ${option.flag}: invalid int value: ${reprStr(value)}`);
      result.sse_port = n;
    } else {
      if (option.choices && !option.choices.includes(value)) {
        exitWithUsageError(`argument ${option.flag}: invalid choice: ${reprStr(value)} (choose from ${option.choices.map(reprStr).join(', ')})`);
      }
      (result as unknown as Record<string, string>)[option.dest] = value;
    }
  }
  if (positionals.length > 0) result.database_url = positionals[0];
  extras.push(...positionals.slice(1));
  if (extras.length > 0) exitWithUsageError(`unrecognized arguments: ${extras.join(' ')}`);
  return result;
}
