/**
 * The `procdeck` command. The only place that exits the process.
 */
import { version } from '../../package.json';
import { parseCli, UsageError, type CliArgs } from './args';
import { processIo, type CliIo } from './cli-io';
import { runCheck } from './commands/check';
import { runRun } from './commands/run';
import { runServe } from './commands/serve';
import { runStart } from './commands/start';
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
      return runStart(args, io);
    case 'check':
      return runCheck(args, io);
    case 'run':
      return runRun(args, io);
    case 'serve':
      return runServe(args, io);
  }
}

main(process.argv.slice(2), processIo()).then(
  (code) => {
    // Let everything already written reach the terminal or the pipe, then leave.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`procdeck: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  },
);
