/**
 * `procdeck serve`: the dashboard in a browser tab, served on 127.0.0.1 with a random
 * token in the printed URL (`--open`: a single-use code on the opener's command line
 * instead). The page may open projects in DIR (or the current folder) and below, and in
 * `--allow-open` roots. Logs go to a private per-user folder unless `--log-dir` says
 * otherwise. Ctrl-C stops the formation gracefully, a second one at once.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { createServer } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../../package.json';
import { currentProcessEnv } from '../../core/env/load-env';
import { desktopUserDataDirs } from '../../core/formation/saved-formation';
import { contentSecurityPolicy } from '../../host/content-security-policy';
import { editorChoiceFile, editorToLaunch } from '../../host/editor/editor-choice';
import { launchEditor } from '../../host/editor/editor-launch';
import { folderRootsPolicy } from '../../host/open-policy';
import { ProjectHost } from '../../host/project-host';
import { Lifeline } from '../../core/lifeline/lifeline';
import { projectFiles } from '../../core/project/load-project';
import type { ServeArgs } from '../args';
import type { CliIo } from '../cli-io';
import { createRequestHandler } from '../serve/http-handler';
import { OpenCodes } from '../serve/open-codes';
import { privateLogFolder, stateBase } from '../serve/private-state';
import { ServeGuard } from '../serve/serve-guard';
import { attachWebSocketHost } from '../serve/websocket-host';

/** The built renderer, next to this bundle (out/cli → out/renderer). */
function rendererRoot(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

export async function runServe(args: ServeArgs, io: CliIo): Promise<number> {
  const logRoot = args.logDir ?? privateLogFolder(stateBase(io.env));
  if (typeof logRoot !== 'string' && !logRoot.ok) {
    io.err(`procdeck: error: ${logRoot.message} (or give --log-dir DIR)\n`);
    return 2;
  }
  const files = projectFiles({ cwd: io.cwd, dir: args.dir, procfile: args.procfile, envFiles: args.envFiles });
  const roots = [files.dir, ...args.allowOpen.map((d) => resolve(io.cwd, d))];
  const openPolicy = await folderRootsPolicy(roots);
  const lifeline = Lifeline.start();
  let listenPort = 0;
  const guard = new ServeGuard(() => listenPort, args.host ?? null, io.env.PROCDECK_SERVE_TOKEN || undefined);
  const codes = new OpenCodes();
  // The token reaches no child: not the formation, not the browser opener.
  const { PROCDECK_SERVE_TOKEN: _token, ...childEnv } = currentProcessEnv(io.env);
  const editorChoice = editorChoiceFile(
    desktopUserDataDirs(io.env, process.platform, homedir())[0] as string,
    (message) => io.err(`procdeck: warning: ${message}\n`),
  );
  const host = new ProjectHost({
    info: {
      kind: 'web',
      version,
      canPickFolder: false,
      canSaveToFolder: false,
      canSaveFile: false,
      platform: process.platform,
    },
    spawnerKind: args.pipes ? 'pipe' : 'pty',
    guard: lifeline,
    graceMs: args.graceMs,
    defaultPolicy: 'keep',
    processEnv: childEnv,
    logRoot: typeof logRoot === 'string' ? logRoot : logRoot.path,
    openPolicy,
    firstProject: {
      ...(args.envFiles ? { envFiles: args.envFiles } : {}),
      formation: args.formation,
      ...(args.port !== undefined ? { port: args.port } : {}),
    },
    recentProjects: () => [],
    pickFolder: null,
    openLink: null,
    // envview: `path:line` links open in $VISUAL/$EDITOR (a GUI editor: a terminal one has no terminal here).
    openInEditor: (target) => launchEditor(editorToLaunch(editorChoice.read(), childEnv), target, files.dir),
    // workbench: the editor chosen in the dashboard, remembered per user where the desktop app keeps its data.
    editorChoice: { choice: editorChoice, env: childEnv },
    warn: (message) => io.err(`procdeck: warning: ${message}\n`),
    // ports2: open projects' port ranges and moved bases, shared with the desktop app (its user-data folder).
    portsState: join(desktopUserDataDirs(io.env, process.platform, homedir())[0] ?? homedir(), 'state'),
  });

  const root = rendererRoot();
  // (IPv6 literals are left out: Chromium rejects `ws://[::1]:…` as a CSP source; 'self' covers a page loaded that way.)
  const csp = () =>
    contentSecurityPolicy({
      connect: guard
        .allowedHosts()
        .filter((h) => !h.startsWith('['))
        .map((h) => `ws://${h}`),
    });
  const server = createServer(
    // A slow or silent client is cut off instead of holding a connection open for ever.
    { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 },
    createRequestHandler({ guard, codes, host, rendererRoot: root, csp }),
  );
  attachWebSocketHost(server, host, guard);

  const bindHost = args.host ?? '127.0.0.1';
  if (args.host && !['127.0.0.1', 'localhost', '::1'].includes(args.host)) {
    io.err(
      `procdeck: warning: listening on ${args.host}: anyone who can reach it and has the token controls your processes\n`,
    );
  }
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(args.listenPort, bindHost, () => resolveListen());
    });
  } catch (error) {
    lifeline.close();
    io.err(`procdeck: error: cannot listen on ${bindHost}:${args.listenPort}: ${(error as Error).message}\n`);
    return 2;
  }
  const address = server.address();
  listenPort = typeof address === 'object' && address ? address.port : args.listenPort;
  const origin = `http://${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${listenPort}`;
  if (args.open) {
    openInBrowser(`${origin}/open?code=${codes.issue()}`, childEnv);
    io.out(`procdeck serve: opened ${origin}/ in your browser (with a single-use code; the token is not printed)\n`);
  } else {
    io.out(`procdeck serve: open ${origin}/#token=${guard.token}\n`);
  }
  io.out(`procdeck serve: the page may open projects in ${roots.join(', ')} (more with --allow-open DIR)\n`);
  if (!existsSync(join(root, 'index.html')))
    io.err(`procdeck: warning: the dashboard is not built (${root}); run npm run build\n`);

  if (args.dir !== undefined || args.procfile !== undefined || existsSync(files.procfile)) {
    const procfileName = args.procfile !== undefined ? relative(files.dir, resolve(io.cwd, args.procfile)) : undefined;
    await host.openProject(files.dir, procfileName).then(
      (snapshot) => io.out(`procdeck serve: running ${snapshot.name} (${snapshot.instances.length} instance(s))\n`),
      (error: unknown) => io.err(`procdeck: ${(error as Error).message}\n`),
    );
  }

  return new Promise<number>((resolveExit) => {
    let signals = 0;
    let done = false;
    const remove = io.onSignal((signal) => {
      signals++;
      io.out(
        signals === 1
          ? `procdeck serve: ${signal}: stopping the formation\n`
          : `procdeck serve: ${signal} again: killing it\n`,
      );
      // A second call escalates the stop already under way.
      void host.close().then(() => {
        if (done) return;
        done = true;
        remove();
        server.closeAllConnections();
        server.close();
        lifeline.close();
        resolveExit(0);
      });
    });
  });
}

function openInBrowser(url: string, env: Readonly<Record<string, string>>): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true, env });
  child.on('error', () => undefined);
  child.unref();
}
