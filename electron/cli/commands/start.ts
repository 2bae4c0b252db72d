/**
 * `procdeck start`: runs the formation in the foreground with a merged, prefixed log.
 *
 * Ctrl-C (or SIGTERM, SIGHUP) stops everything gracefully; a second one kills at once.
 * Exit code: 0 after a requested stop, else the code (or 128 + signal) of the exit that
 * stopped the formation; EXIT_OUTPUT_BROKEN when its own stdout failed (EPIPE, EIO), after
 * stopping the formation with the full grace period.
 */
import { relative } from 'node:path';
import { failureExit, isLive, isSettled } from '../../../shared/instance-state';
import { assertNever, parseInstanceId, type InstanceSnapshot } from '../../../shared/model';
import { EMPTY_PICTURE, foldEvent, type ProjectPicture } from '../../../shared/project-picture';
import type { FormationSpec } from '../../core/formation/formation';
import { currentProcessEnv } from '../../core/env/load-env';
import { Lifeline } from '../../core/lifeline/lifeline';
import { projectFiles } from '../../core/project/load-project';
import { ProjectSession } from '../../core/project/project-session';
import { selectSpawner } from '../../core/spawner/select-spawner';
import type { StartArgs } from '../args';
import { EXIT_OUTPUT_BROKEN, type CliIo } from '../cli-io';
import { useColor } from '../colors';
import { visibleText } from '../../core/visible-text';
import { describeState, formatDiagnostic, shellExitCode } from '../describe';
import { MergedPrinter } from '../merged-printer';
import { sharedObserver } from '../../core/observe/observer';
import { installResourcesPrinter } from '../resources-printer';

export async function runStart(args: StartArgs, io: CliIo): Promise<number> {
  const rel = (path: string) => relative(io.cwd, path) || path;
  const files = projectFiles({ cwd: io.cwd, dir: args.dir, procfile: args.procfile, envFiles: args.envFiles });
  const { spawner, warning } = await selectSpawner(args.pipes ? 'pipe' : 'pty');
  if (warning) io.err(`procdeck: warning: ${warning}\n`);
  const lifeline = Lifeline.start();
  const nameWidthGuess = 6;
  const opened = await ProjectSession.open({
    files,
    settings: {
      formation: onlyTypes(args.formation, args.only),
      portFlag: args.port,
      processEnv: currentProcessEnv(io.env),
    },
    defaultPolicy: args.defaultPolicy,
    overrides: { policies: args.policies },
    graceMs: args.graceMs,
    runtime: {
      spawner,
      guard: lifeline,
      logDir: args.logDir ?? null,
      terminalSize: () => ({ cols: Math.max(40, (io.columns ?? 132) - nameWidthGuess - 14), rows: 30 }),
    },
    watch: args.watch,
  });
  if (!opened.ok) {
    lifeline.close();
    for (const d of opened.diagnostics) io.err(`procdeck: ${visibleText(formatDiagnostic(d, rel))}\n`);
    return 2;
  }
  const session = opened.session;
  const supervisor = session.supervisor;
  for (const name of args.policies.keys()) {
    if (!supervisor.hasType(name)) {
      await session.close();
      lifeline.close();
      io.err(`procdeck: error: unknown process type '${name}' in --restart/--can-die\n`);
      return 2;
    }
  }
  for (const d of session.snapshot().diagnostics) io.err(`procdeck: ${visibleText(formatDiagnostic(d, rel))}\n`);

  const typeIndex = new Map(supervisor.typeSnapshots().map((t) => [t.name, t.index]));
  const widest = Math.max(6, ...supervisor.instanceSnapshots().map((i) => i.id.length));
  const printer = new MergedPrinter({
    write: io.out,
    color: useColor(args.color, io.env, io.stdoutIsTty),
    timestamps: args.timestamps,
    nameWidth: widest,
  });
  let stopping = false;
  let failureCode: number | null = null;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));

  supervisor.onOutput((id, chunk) => {
    const type = parseInstanceId(id)?.type ?? '';
    printer.output(id, typeIndex.get(type) ?? 0, chunk.data);
  });
  // The picture every observer folds (shared/project-picture.ts); the lines and the exit code come from the events.
  let picture: ProjectPicture = EMPTY_PICTURE;
  // The last line said about each instance: a state published again (starting, with its
  // readiness probe's latest answer) is not said twice.
  const said = new Map<string, string>();
  session.subscribe((event) => {
    if (event.event === 'stop-all') {
      const { instance, exit } = event.payload;
      printer.system(
        `${instance} ended (${exit.kind === 'code' ? `exit code ${exit.code}` : exit.signal}); stopping all processes`,
      );
      stopping = true;
      // The supervisor is already stopping everything; asking again would escalate to SIGKILL.
      void supervisor.idle().then(() => finish(shellExitCode(exit)));
      return;
    }
    picture = foldEvent(picture, event);
    switch (event.event) {
      case 'instance': {
        const instance = event.payload;
        if (!isLive(instance.state)) printer.end(instance.id);
        const line = describeState(instance);
        if (line && said.get(instance.id) !== line) printer.system(line);
        if (line) said.set(instance.id, line);
        const failure = failureExit(instance.state);
        if (failure) failureCode = failure === 'no-exit' ? 1 : shellExitCode(failure);
        if (!stopping && everythingSettled(picture.instances.values())) {
          stopping = true;
          printer.system('no process is running any more');
          finish(failureCode ?? 0);
        }
        return;
      }
      case 'notice':
        printer.system(event.payload.message);
        return;
      case 'diagnostics':
        for (const d of event.payload) io.err(`procdeck: ${visibleText(formatDiagnostic(d, rel))}\n`);
        return;
      case 'types':
        for (const t of event.payload) typeIndex.set(t.name, t.index);
        return;
      case 'snapshot':
      case 'instance-removed':
      case 'crash':
        return;
      default:
        assertNever(event, 'project event');
    }
  });

  let signals = 0;
  const removeSignals = io.onSignal((signal) => {
    signals++;
    if (signals === 1) {
      printer.system(`${signal} received; stopping all processes (Ctrl-C again to kill them at once)`);
    } else {
      printer.system(`${signal} received again; killing all processes`);
    }
    stopping = true;
    void supervisor.stop({ scope: 'all' }).then(() => finish(0));
  });

  // Nobody reads our output any more: stop as a first Ctrl-C would (the full grace
  // period), keep every log on disk, and say why on stderr, which may still work.
  // A stop already under way (a signal, a stop-all) goes on as it was, with its own code.
  const removeOutputBroken = io.onOutputBroken((code) => {
    if (stopping) return;
    io.err(`procdeck: stdout failed (${code}); stopping all processes\n`);
    stopping = true;
    void supervisor.stop({ scope: 'all' }).then(() => finish(EXIT_OUTPUT_BROKEN));
  });

  // ports2: the resources table on demand (the key r in a terminal, SIGUSR2 otherwise).
  const removeResources = installResourcesPrinter({
    formation: supervisor,
    observer: sharedObserver(),
    line: (t) => printer.system(t),
    tty: process.stdin.isTTY ? process.stdin : null,
  });
  if (supervisor.instanceSnapshots().length === 0) {
    printer.system('the formation runs no process (every type is scaled to 0)');
    finish(0);
  } else {
    supervisor.start({ scope: 'all' });
  }
  const code = await finished;
  await session.close();
  printer.flushAll();
  removeSignals();
  removeOutputBroken();
  removeResources();
  lifeline.close();
  return code;
}

/** `procdeck start web worker`: only the named types run (their -m count, else 1). */
function onlyTypes(spec: FormationSpec | null, only: readonly string[]): FormationSpec | null {
  if (only.length === 0) return spec;
  return { counts: new Map(only.map((name) => [name, spec?.counts.get(name) ?? spec?.all ?? 1])), all: 0 };
}

/** Every instance has ended and none will restart on its own (an empty formation never settles: it never started). */
function everythingSettled(instances: Iterable<InstanceSnapshot>): boolean {
  let any = false;
  for (const instance of instances) {
    if (!isSettled(instance.state)) return false;
    any = true;
  }
  return any;
}
