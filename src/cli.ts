/**
 * The command line: wiring only. Each command's module loads when it runs, so `--help` and `status`
 * never load dockerode, pg or the MCP SDK.
 */
import { Command, Option } from 'commander';
import { ExitCode, UsageError, CancelledError, TaskFailure, errorMessage } from './core/errors.js';
import { envName, kebab, questions } from './core/questions.js';
import { redact } from './core/redact.js';
import { version } from './core/version.js';
import { providers } from './core/answers.js';
import { keyFileFlag, providerKeyEnv } from './core/provider-keys.js';
import { writeEvent } from './output/json-output.js';

function answerOptions(cmd: Command): Command {
  for (const q of questions) {
    const flag = `--${kebab(q.key)}`;
    const description = `${q.message} [env ${envName(q.key)}; default ${q.initial({})}]`;
    if (q.kind === 'confirm') {
      cmd.addOption(new Option(flag, description));
      cmd.addOption(new Option(`--no-${kebab(q.key)}`).hideHelp());
    } else {
      cmd.addOption(new Option(`${flag} <value>`, description));
    }
  }
  return cmd;
}

function adminOptions(cmd: Command): Command {
  return cmd
    .option('--db-admin-host <host>', 'shared PostgreSQL address reachable from this host [env PGHOST; default: found on its Docker network]')
    .option('--db-admin-port <port>', 'its port from this host [env PGPORT]')
    .option('--db-admin-password-file <file>', 'file holding the admin password [or env LITELLM_MCP_DB_ADMIN_PASSWORD, PGPASSWORD]');
}

/** The commands whose --json is a stream of events (status, check and mcp list print one document instead). */
const eventCommands = new Set(['init', 'phase', 'plan']);

// The client key is a raw line on stdout, which would break the stream of JSON lines.
const jsonOption = () => new Option('--json', 'one JSON object per line on stdout (events: phase, task, outcome); implies --yes').conflicts('showKey');

/** `--openai-api-key-file` ...: a provider's key from a file (never as an argument: `ps` would show it). */
function providerKeyOptions(cmd: Command): Command {
  for (const p of providers) cmd.option(`${keyFileFlag(p)} <file>`, `file holding the ${p} API key, written to secrets/providers.env (0600) [or env ${providerKeyEnv[p]} for a key not stored yet]`);
  return cmd;
}

export function program(run: (work: () => Promise<number>) => void): Command {
  const env = process.env;
  const cwd = process.cwd();
  const cli = new Command('litellm-mcp')
    .version(version)
    .description('Provision LiteLLM as an LLM and MCP gateway, with PostgreSQL and a PostgreSQL MCP server, on a Docker host.')
    .option('--dir <folder>', 'deployment folder [env LITELLM_MCP_DIR; default: this folder if it holds litellm-mcp.yaml, else ./litellm-mcp]')
    .showHelpAfterError()
    .exitOverride();

  const init = cli.command('init').description('ask the questions (or take flags with --yes) and run phases A to G (deploy, verify, connect clients, audit)')
    .option('-y, --yes', 'no prompts: defaults, flags, LITELLM_MCP_* variables and --answers')
    .option('--answers <file>', 'YAML answers file (keys are the flag names without --)')
    .option('--force', 'overwrite generated files you edited')
    .option('--reset-db-password', 'set an existing role\'s password to the stored one')
    .option('--new-secret <name...>', 'generate a secret generated.env lost anew, on purpose (e.g. LITELLM_MASTER_KEY)')
    .option('--show-key', 'at the end, print the client key once to stdout (nowhere else)')
    .addOption(jsonOption());
  providerKeyOptions(adminOptions(answerOptions(init))).action((opts) => run(async () => (await import('./commands/init.js')).init({ ...cli.opts(), ...opts }, env, cwd)));

  providerKeyOptions(adminOptions(cli.command('phase <id>').description('run one phase again (a to g) from the saved answers; `phase e` re-verifies a running deployment, `phase f` the clients')
    .option('-y, --yes', 'no prompts')
    .option('--force', 'overwrite generated files you edited')
    .option('--reset-db-password', 'set an existing role\'s password to the stored one')
    .option('--new-secret <name...>', 'generate a secret generated.env lost anew, on purpose')
    .option('--show-key', 'after phase f, print the client key once to stdout (nowhere else)')
    .addOption(jsonOption())))
    .action((id: string, opts) => run(async () => (await import('./commands/phase.js')).phase(id, { ...cli.opts(), ...opts }, env, cwd)));

  cli.command('status').description('rewrite STATUS.md from the recorded state (no Docker, no PostgreSQL)')
    .option('--json', 'print the recorded state as JSON instead')
    .action((opts) => run(async () => (await import('./commands/status.js')).status({ ...cli.opts(), ...opts }, env, cwd)));

  cli.command('check').description('probe the running deployment (containers, LiteLLM ready, client key, MCP tools): exit 0 healthy, 1 degraded')
    .option('--json', 'print the checks as JSON')
    .action((opts) => run(async () => (await import('./commands/check.js')).check({ ...cli.opts(), ...opts }, env, cwd)));

  cli.command('logs [service]').description('the logs of this deployment\'s containers (litellm, postgres-mcp, postgres), secrets hidden')
    .option('--since <when>', 'only lines since a duration ago (10m, 2h, 1d) or a time')
    .option('--tail <n>', 'the last n lines of each container (default 200)')
    .action((service: string | undefined, opts) => run(async () => (await import('./commands/logs.js')).logs(service, { ...cli.opts(), ...opts }, env, cwd)));

  cli.command('backup').description('pg_dump LiteLLM\'s database to backups/<UTC time>.dump (0600) with its checksum; --schedule prints (or --install installs) a nightly job')
    .option('--keep <n>', 'then keep only the newest n backups')
    .option('--schedule', 'print a cron line and a systemd timer for a nightly backup instead')
    .option('--install', 'with --schedule: install it as a file in /etc/cron.d (root)')
    .option('--at <HH:MM>', 'with --schedule: the time of day (default 03:17)')
    .option('--unschedule', 'remove the installed nightly job')
    .action((opts) => run(async () => (await import('./commands/backup.js')).backup({ ...cli.opts(), ...opts }, env, cwd)));

  adminOptions(cli.command('restore <file>').description('restore LiteLLM\'s database from a backup (checksum checked, into a new database, then swapped; the old one kept)')
    .option('-y, --yes', 'no confirmation prompt'))
    .action((file: string, opts) => run(async () => (await import('./commands/restore.js')).restore(file, { ...cli.opts(), ...opts }, env, cwd)));

  adminOptions(cli.command('plan').description('show what would change, with diffs of generated files; changes nothing')
    .option('--exit-code', 'exit 1 when something would change (0 when nothing): a drift check for cron or CI')
    .addOption(jsonOption()))
    .action((opts) => run(async () => (await import('./commands/plan.js')).plan({ ...cli.opts(), ...opts }, env, cwd)));

  cli.command('key <action>').description('rotate: mint a new client key, rewrite clients/, prove it, delete the old one; revoke: delete the client key')
    .option('-y, --yes', 'no prompts')
    .option('--show-key', 'after rotate, print the new key once to stdout (nowhere else)')
    .action((action: string, opts) => run(async () => (await import('./commands/key.js')).key(action, { ...cli.opts(), ...opts }, env, cwd)));

  const mcp = cli.command('mcp').description('more MCP servers behind the gateway: add, list, remove');
  mcp.command('add <recipe>').description('add an MCP server (recipe filesystem or custom), deploy it and prove it directly and through LiteLLM')
    .option('--name <server_name>', 'LiteLLM server name, the prefix of its tools ([A-Za-z0-9_], no "-"); asked at a terminal')
    .option('--access-group <group>', 'its MCP access group (default: the name)')
    .option('--clients', 'add its access group to the client key (phase F mints it again and rewrites clients/)')
    .option('--image <image>', 'the image (filesystem: default supercorp/supergateway:latest; custom: required)')
    .option('--port <port>', 'the port it listens on in its container (default 8000)')
    .option('--host-port <port>', 'published on 127.0.0.1 for the direct proof (default: the next free one after --mcp-port)')
    .option('--transport <t>', 'sse, http, or auto (custom: found by running the image once)')
    .option('--folder <dir>', 'filesystem: the host folder to serve, mounted read-only')
    .option('--env-file <file>', 'custom: its environment (copied to secrets/mcp-<name>.env, 0600)')
    .option('--probe-tool <tool>', 'custom: a harmless tool to call as its proof')
    .option('--probe-args <json>', 'custom: that call\'s arguments, a JSON object')
    .option('--probe-expect <text>', 'custom: text its answer must contain')
    .option('-y, --yes', 'no prompts')
    .action((recipe: string, opts) => run(async () => (await import('./commands/mcp-add.js')).mcpAdd(recipe, { ...cli.opts(), ...opts }, env, cwd)));
  mcp.command('list').description('every MCP server behind the gateway: transport, URL, access group, state, tools')
    .option('--json', 'as JSON')
    .action((opts) => run(async () => (await import('./commands/mcp-list.js')).mcpList({ ...cli.opts(), ...opts }, env, cwd)));
  mcp.command('remove <server_name>').description('take an added server out (config entry, stack, secrets) and prove the others still work')
    .option('--purge', 'also remove its volumes')
    .option('-y, --yes', 'no prompts')
    .action((name: string, opts) => run(async () => (await import('./commands/mcp-remove.js')).mcpRemove(name, { ...cli.opts(), ...opts }, env, cwd)));

  const adoptCmd = cli.command('adopt').description('take over a LiteLLM + MCP deployment made by hand: report what is wrong (compose files, config.yaml, env files, its containers), then keep its names, ports, networks, images and secrets and run phases A to E on it; --undo puts it back')
    .option('--from <folder>', 'the folder of the hand-made deployment (also the deployment folder, unless --dir)')
    .option('--compose <file...>', 'its compose files (default: every docker-compose.yml / compose.yaml in the folder and two levels below)')
    .option('--config <file>', "LiteLLM's config.yaml (default: the file its compose file mounts)")
    .option('--env <file...>', 'env files compose reads for ${VAR} in them, besides each folder\'s .env')
    .option('--check', 'only report (exit 1 when something is wrong); changes nothing')
    .option('--undo', 'put the hand-made files back and start its containers again')
    .option('--new-secret <name...>', 'generate this secret anew instead of keeping it (e.g. LITELLM_MASTER_KEY)')
    .option('-y, --yes', 'no prompts: take it over after the report');
  adminOptions(answerOptions(adoptCmd)).action((opts) => run(async () => (await import('./commands/adopt.js')).adopt({ ...cli.opts(), ...opts }, env, cwd)));

  adminOptions(cli.command('upgrade').description('deploy another LiteLLM image (phases B and E: only LiteLLM is recreated), proven; the old one is kept for rollback')
    .option('--litellm-image <image>', 'the new image, e.g. ghcr.io/berriai/litellm:v1.77.4-stable'))
    .action((opts) => run(async () => (await import('./commands/upgrade.js')).upgrade({ ...cli.opts(), ...opts }, env, cwd)));

  adminOptions(cli.command('rollback').description('put back the LiteLLM image the last upgrade replaced, and prove it again'))
    .action((opts) => run(async () => (await import('./commands/upgrade.js')).rollback({ ...cli.opts(), ...opts }, env, cwd)));

  adminOptions(cli.command('down').description('stop both stacks')
    .option('--purge', 'also remove their volumes and the network litellm-mcp created (asks first at a terminal)')
    .option('--drop-database', 'shared PostgreSQL: also drop the database and roles phase A created (names them and asks; --yes elsewhere)')
    .option('-y, --yes', 'no prompts'))
    .action((opts) => run(async () => (await import('./commands/down.js')).down({ ...cli.opts(), ...opts }, env, cwd)));
  return cli;
}

interface Stop {
  code: number;
  message: string;
  fix?: string | undefined;
}

/** Why a command stopped early, and its exit code. */
function stopOf(error: unknown): Stop {
  if (error instanceof CancelledError) return { code: ExitCode.interrupted, message: error.message };
  if (error instanceof UsageError) return { code: ExitCode.usage, message: error.message, fix: error.fix };
  // A failure found before any phase ran (the host cannot run them): exit 1, with its fix.
  if (error instanceof TaskFailure) return { code: ExitCode.phaseFailed, message: error.message, fix: error.fix };
  return { code: ExitCode.phaseFailed, message: errorMessage(error) };
}

function printStop(stop: Stop): void {
  // Ctrl-C is no error: its line stands alone.
  if (stop.code === ExitCode.interrupted) process.stderr.write(`${stop.message}\n`);
  else process.stderr.write(redact(`error: ${stop.message}\n${stop.fix ? `fix: ${stop.fix}\n` : ''}`));
}

/**
 * The command asked for events with --json, if one did. Read from what commander parsed, so also after
 * it refused the command line (an option given after an unknown one is not parsed, and not seen).
 */
function eventCommand(cli: Command): string | undefined {
  return cli.commands.find((c) => eventCommands.has(c.name()) && c.opts().json === true)?.name();
}

/** A script reading the events on stdout alone learns why the run stopped, and its exit code, last. */
function endEvents(code: number, why?: Pick<Stop, 'message' | 'fix'>): number {
  if (why) writeEvent(process.stdout, 'error', { message: why.message, fix: why.fix });
  const result = Object.entries(ExitCode).find(([, n]) => n === code)?.[0];
  writeEvent(process.stdout, 'exit', { code, result });
  return code;
}

/** Decides the exit code once, for every command. */
export async function main(argv: string[]): Promise<number> {
  let work: (() => Promise<number>) | undefined;
  const cli = program((w) => {
    work = w;
  });
  try {
    await cli.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return ExitCode.ok;
    // commander already printed the problem and the help to stderr
    const refused = eventCommand(cli);
    if (!refused) return ExitCode.usage;
    return endEvents(ExitCode.usage, { message: errorMessage(error).replace(/^error: /, ''), fix: `Run \`litellm-mcp ${refused} --help\` for its options.` });
  }
  if (!work) return ExitCode.ok;
  const events = eventCommand(cli) !== undefined;
  try {
    const code = await work();
    return events ? endEvents(code) : code;
  } catch (error) {
    const stop = stopOf(error);
    printStop(stop);
    return events ? endEvents(stop.code, stop) : stop.code;
  }
}
