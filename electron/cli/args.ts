/**
 * Command-line options, Foreman's names first (`-f -e -m -p -t -d`), Overmind's where
 * Foreman has none (`--can-die`, `--restart`). Parsing only: no I/O here.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ExitPolicy } from '../../shared/model';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../core/export/export-model';
import { parseFormationSpec, type FormationSpec } from '../core/formation/formation';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ProjectArgs {
  readonly dir: string | undefined;
  readonly procfile: string | undefined;
  readonly envFiles: readonly string[] | undefined;
  readonly formation: FormationSpec | null;
  readonly port: string | undefined;
}

export interface StartArgs extends ProjectArgs {
  readonly command: 'start';
  readonly only: readonly string[];
  readonly graceMs: number;
  readonly pipes: boolean;
  readonly defaultPolicy: ExitPolicy;
  readonly policies: ReadonlyMap<string, ExitPolicy>;
  readonly color: boolean | undefined;
  readonly timestamps: boolean;
  readonly logDir: string | undefined;
  readonly watch: boolean;
}

export interface CheckArgs extends ProjectArgs {
  readonly command: 'check';
  readonly json: boolean;
}

export interface RunArgs extends ProjectArgs {
  readonly command: 'run';
  readonly argv: readonly string[];
  /** `--print-env [TYPE]`: print the environment (with origins) instead of running (envview). */
  readonly printEnv: boolean;
}

export interface ServeArgs extends ProjectArgs {
  readonly command: 'serve';
  readonly listenPort: number;
  readonly host: string | undefined;
  readonly open: boolean;
  /** More folders (besides DIR) whose projects the page may open. */
  readonly allowOpen: readonly string[];
  readonly pipes: boolean;
  readonly graceMs: number;
  readonly logDir: string | undefined;
}

export interface ExportArgs extends ProjectArgs {
  readonly command: 'export';
  readonly format: ExportFormat;
  readonly outDir: string;
  readonly app: string | null;
  readonly user: string | null;
  readonly logDir: string | null;
  readonly graceMs: number;
  readonly image: string | null;
  readonly force: boolean;
  readonly userUnits: boolean;
  /** Types that may exit without being restarted (`-c`); every other type restarts. */
  readonly canDie: readonly string[];
  readonly secretKeys: readonly string[];
  readonly plainKeys: readonly string[];
}

export type CliArgs =
  StartArgs | CheckArgs | RunArgs | ServeArgs | ExportArgs | { readonly command: 'help' | 'version' };

const projectOptions = {
  procfile: { type: 'string', short: 'f' },
  env: { type: 'string', short: 'e', multiple: true },
  formation: { type: 'string', short: 'm' },
  port: { type: 'string', short: 'p' },
  root: { type: 'string', short: 'd' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case 'version':
    case '--version':
    case '-v':
      return { command: 'version' };
    case 'start':
      return parseStart(rest);
    case 'check':
      return parseCheck(rest);
    case 'run':
      return parseRun(rest);
    case 'serve':
      return parseServe(rest);
    case 'export':
      return parseExport(rest);
    default:
      throw new UsageError(`unknown command '${command}' (try: start, check, run, serve, export; see procdeck --help)`);
  }
}

function parseStart(argv: readonly string[]): StartArgs | { command: 'help' } {
  const { values, positionals } = parse(argv, {
    ...projectOptions,
    timeout: { type: 'string', short: 't' },
    pipes: { type: 'boolean' },
    restart: { type: 'string', short: 'r' },
    'can-die': { type: 'string', short: 'c' },
    'keep-going': { type: 'boolean' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    'no-timestamp': { type: 'boolean' },
    'log-dir': { type: 'string' },
    'no-watch': { type: 'boolean' },
  });
  if (values.help) return { command: 'help' };
  const policies = new Map<string, ExitPolicy>();
  for (const name of list(values['can-die'])) policies.set(name, 'keep');
  const restartAll = list(values.restart).includes('all');
  for (const name of list(values.restart)) if (name !== 'all') policies.set(name, 'restart');
  const defaultPolicy: ExitPolicy = restartAll ? 'restart' : values['keep-going'] ? 'keep' : 'stop-all';
  return {
    command: 'start',
    ...projectArgs(values),
    only: positionals,
    graceMs: seconds(values.timeout, '-t', 5),
    pipes: values.pipes ?? false,
    defaultPolicy,
    policies,
    color: values['no-color'] ? false : values.color ? true : undefined,
    timestamps: !values['no-timestamp'],
    logDir: values['log-dir'],
    watch: !values['no-watch'],
  };
}

function parseCheck(argv: readonly string[]): CheckArgs | { command: 'help' } {
  const { values, positionals } = parse(argv, { ...projectOptions, json: { type: 'boolean' } });
  if (values.help) return { command: 'help' };
  if (positionals.length > 0) throw new UsageError(`check takes no arguments (got '${positionals[0]}')`);
  return { command: 'check', ...projectArgs(values), json: values.json ?? false };
}

function parseRun(argv: readonly string[]): RunArgs | { command: 'help' } {
  const { own, command } = splitRunArgs(argv);
  const { values } = parse(own, { ...projectOptions, 'print-env': { type: 'boolean' } });
  if (values.help) return { command: 'help' };
  const printEnv = values['print-env'] === true;
  if (command.length === 0 && !printEnv) throw new UsageError('run needs a command: procdeck run -- COMMAND [ARGS…]');
  if (printEnv && command.length > 1) throw new UsageError('run --print-env takes at most one process type');
  return { command: 'run', ...projectArgs(values), argv: command, printEnv };
}

function parseServe(argv: readonly string[]): ServeArgs | { command: 'help' } {
  const { values, positionals } = parse(argv, {
    ...projectOptions,
    // `-p` stays Foreman's base PORT; the web view's own port is `--port`.
    listen: { type: 'string' },
    'listen-port': { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    'allow-open': { type: 'string', multiple: true },
    pipes: { type: 'boolean' },
    timeout: { type: 'string', short: 't' },
    'log-dir': { type: 'string' },
  });
  if (values.help) return { command: 'help' };
  if (positionals.length > 1) throw new UsageError('serve takes at most one project directory');
  const listenRaw = values['listen-port'] ?? values.listen;
  const listenPort = listenRaw === undefined ? 0 : Number(listenRaw);
  if (!Number.isInteger(listenPort) || listenPort < 0 || listenPort > 65535) {
    throw new UsageError(`--listen-port '${listenRaw}' is not a port number (0–65535)`);
  }
  return {
    command: 'serve',
    ...projectArgs({ ...values, root: positionals[0] ?? values.root }),
    listenPort,
    host: values.host,
    open: values.open ?? false,
    allowOpen: values['allow-open'] ?? [],
    pipes: values.pipes ?? false,
    graceMs: seconds(values.timeout, '-t', 5),
    logDir: values['log-dir'],
  };
}

function parseExport(argv: readonly string[]): ExportArgs | { command: 'help' } {
  const { values, positionals } = parse(argv, {
    ...projectOptions,
    app: { type: 'string', short: 'a' },
    user: { type: 'string', short: 'u' },
    log: { type: 'string', short: 'l' },
    timeout: { type: 'string', short: 't' },
    image: { type: 'string' },
    force: { type: 'boolean' },
    'user-units': { type: 'boolean' },
    'can-die': { type: 'string', short: 'c' },
    secret: { type: 'string' },
    plain: { type: 'string' },
  });
  if (values.help) return { command: 'help' };
  const [format, outDir, extra] = positionals;
  if (format === undefined || outDir === undefined)
    throw new UsageError(
      `export needs a format and a folder: procdeck export FORMAT DIR (FORMAT: ${EXPORT_FORMATS.join(', ')})`,
    );
  if (!isExportFormat(format))
    throw new UsageError(`unknown export format '${format}' (one of: ${EXPORT_FORMATS.join(', ')})`);
  if (extra !== undefined) throw new UsageError(`export takes a format and one folder (got also '${extra}')`);
  if (values['user-units'] && format !== 'systemd') throw new UsageError('--user-units applies to systemd only');
  if (values.image !== undefined && format !== 'kubernetes' && format !== 'compose')
    throw new UsageError('--image applies to kubernetes and compose only');
  const nonEmpty = (flag: string, value: string | undefined) => {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value`);
    return value ?? null;
  };
  return {
    command: 'export',
    ...projectArgs(values),
    format,
    outDir,
    app: nonEmpty('-a', values.app),
    user: nonEmpty('-u', values.user),
    logDir: nonEmpty('-l', values.log),
    graceMs: seconds(values.timeout, '-t', 5),
    image: nonEmpty('--image', values.image),
    force: values.force ?? false,
    userUnits: values['user-units'] ?? false,
    canDie: list(values['can-die']),
    secretKeys: list(values.secret),
    plainKeys: list(values.plain),
  };
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true as const });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Splits `run`'s own options from the command: the command starts at `--` or at the first plain word. */
function splitRunArgs(argv: readonly string[]): { own: string[]; command: string[] } {
  const dashdash = argv.indexOf('--');
  if (dashdash >= 0) return { own: argv.slice(0, dashdash), command: argv.slice(dashdash + 1) };
  const takesValue = new Set(['-f', '--procfile', '-e', '--env', '-m', '--formation', '-p', '--port', '-d', '--root']);
  let i = 0;
  while (i < argv.length && (argv[i] as string).startsWith('-')) i += takesValue.has(argv[i] as string) ? 2 : 1;
  return { own: argv.slice(0, i), command: argv.slice(i) };
}

function projectArgs(values: {
  root?: string | undefined;
  procfile?: string | undefined;
  env?: string[] | undefined;
  formation?: string | undefined;
  port?: string | undefined;
}): ProjectArgs {
  let formation: FormationSpec | null = null;
  if (values.formation !== undefined) {
    const parsed = parseFormationSpec(values.formation);
    if (!parsed.ok) throw new UsageError(`-m: ${parsed.error}`);
    formation = parsed.value;
  }
  const envFiles = values.env?.flatMap((e) => list(e));
  return { dir: values.root, procfile: values.procfile, envFiles, formation, port: values.port };
}

function list(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

function seconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600)
    throw new UsageError(`${flag} '${value}' is not a number of seconds (0–3600)`);
  return Math.round(n * 1000);
}
