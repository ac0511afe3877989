/** ehcp-audit's program: wiring only. Each command lives in src/commands/; errors become exit codes here. */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { ConfigError, isUserError } from './util/errors.js';
import { logLine } from './util/safeText.js';
import { toolInfo } from './util/toolInfo.js';

/** Exit codes: 0 pass, 1 a quality threshold failed (or records rejected by validate), 2 usage/input/config error. */
export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

export async function main(argv: string[]): Promise<number> {
  const program = new Command('ehcp-audit')
    .description('Audit the quality of EHC plans against a QA rubric: score every plan, draw inspector-style samples, gate CI, prioritise reviews.')
    .version(toolInfo().version, '-V, --version')
    .option('--no-color', 'plain output without colour (also NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // --no-color is the program's option, before or after the command: the commands read colour
  // through useColor, which honours NO_COLOR, so the option sets that for the run.
  program.hook('preAction', () => {
    if (program.opts<{ color?: boolean }>().color === false) process.env.NO_COLOR = '1';
  });
  registerCommands(program);
  program.commands.forEach((c) => c.exitOverride());
  // A reader that stops early (`| head`) closes the pipe, and a write to stdout then fails on its
  // own, after the command has returned: stop quietly with the run's exit code, never a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.pass);
  });
  // The same on stderr (`2>&1 | head -1`): the progress and summary lines are only lost, and the
  // run goes on to its own exit code. Unheard, the failed write threw from an event handler and
  // exited 1, which a CI step reads as a quality threshold failed.
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv);
    // A Ctrl-C or SIGTERM that came while the last report was written ends the run as a signal
    // does (exit 128 + n, temporary files deleted), not as a pass: while util/spool.ts listens
    // (a temporary file is live), two more turns of the event loop let a caught signal be
    // dispatched; with nothing left to wait for, the process would exit without it.
    if (process.listenerCount('SIGTERM') > 0) await new Promise((done) => setImmediate(() => setImmediate(done)));
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.pass;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Several exports after a command that reads one (a regional analyst's LAs): say how.
      if (e.code === 'commander.excessArguments' && /for '(?:audit|sample|priority|check|validate|explain|init|write)'/.test(e.message)) {
        process.stderr.write('ehcp-audit: one export a run: audit each file on its own, or join them into one file with one header row and the same columns in the same order (plan references must then be unique across them)\n');
      }
      // --help and --version exit 0; every other commander error is a usage error.
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.pass : EXIT.error;
    }
    // Messages may quote the export, a worksheet or a report file: through logLine, so no control
    // character reaches the terminal and no line is one a CI runner runs (util/safeText.ts).
    if (isUserError(e)) {
      process.stderr.write(`${logLine(`error: ${e.message}`)}\n`);
      if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`${p.split('\n').map((l) => logLine(`  ${l}`)).join('\n')}\n`);
      return EXIT.error;
    }
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.pass;
    process.stderr.write(`${logLine(`internal error: ${(e as Error).message}`)}\nThis is a bug in ehcp-audit; please report it with the command you ran.\n`);
    if (process.env.EHCP_AUDIT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT.error;
  }
}
