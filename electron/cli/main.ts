/**
 * The `procdeck` command. The only place that exits the process.
 */
import { version } from '../../package.json';
import { assertNever } from '../../shared/model';
import { parseCli, UsageError, type CliArgs } from './args';
import { processIo, type CliIo } from './cli-io';
import { USAGE } from './usage';

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`procdeck: error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'version':
      io.out(`procdeck ${version}\n`);
      return 0;
    case 'start':
      return (await import('./commands/start')).runStart(args, io);
    case 'check':
      return (await import('./commands/check')).runCheck(args, io);
    case 'run':
      return (await import('./commands/run')).runRun(args, io);
    case 'serve':
      return (await import('./commands/serve')).runServe(args, io);
    case 'export':
      return (await import('./commands/export')).runExport(args, io);
    default:
      return assertNever(args, 'command');
  }
}

main(process.argv.slice(2), processIo()).then(
  (code) => {
    // Let everything already written reach the terminal or the pipe, then leave.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(
      `procdeck: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
