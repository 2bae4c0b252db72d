/**
 * `procdeck --help`.
 */
export const USAGE = `procdeck — run a Procfile formation, headless or with a dashboard

Usage:
  procdeck start [TYPE…] [options]   run the formation in the foreground (Foreman-compatible)
  procdeck check [options] [--json]  validate the Procfile and .env, show the formation
  procdeck run [options] -- COMMAND  run one command with the project's environment
                                     (procdeck run web: the Procfile's web entry)
  procdeck run --print-env [TYPE]    print that environment, sorted, each variable's origin
  procdeck serve [DIR] [options]     the dashboard in your browser, on 127.0.0.1
  procdeck export FORMAT DIR [opts]  write the formation for systemd, supervisord,
                                     kubernetes, compose or launchd into DIR

Project options (all commands):
  -f, --procfile FILE    Procfile to use (default: DIR/Procfile)
  -d, --root DIR         project directory, where processes run (default: the Procfile's)
  -e, --env FILES        env files, comma-separated or repeated; later files win
                         (default: DIR/.env if present). Variables already set in the
                         environment win over the files, as with dotenv.
  -m, --formation SPEC   instances per type: web=2,worker=1 or all=N (unlisted types: 0)
  -p, --port N           base PORT (default: $PORT, else 5000); instance n of the
                         k-th type (from 0) gets N + 100*k + n - 1

start:
  -t, --timeout SECS     grace period between SIGTERM and SIGKILL (default 5)
  --pipes                run without a terminal (stdout and stderr kept apart)
  -r, --restart TYPES    restart these types (or 'all') when they exit, with backoff
  -c, --can-die TYPES    these types may exit without stopping the others
  --keep-going           no exit stops the others (every type can die)
  --no-color, --color    colours (default: when stdout is a terminal; NO_COLOR, FORCE_COLOR)
  --no-timestamp         no HH:MM:SS column
  --log-dir DIR          also write each instance's full output to DIR
  --no-watch             do not reload when the Procfile or env files change

serve:
  --listen-port N        port of the web view (default: a free one)
  --host ADDR            listen on ADDR instead of 127.0.0.1 (not recommended)
  --open                 open the dashboard in the browser (with a single-use code)
  --allow-open DIR       the page may also open projects in DIR and below (repeatable;
                         DIR itself, or the current folder, is always allowed)
  --pipes, -t, --log-dir as for start (logs default to a private per-user folder)

export (Foreman's options where they exist; -m, -p, -e, -d, -f as above):
  -a, --app NAME         app name, a DNS-1123 label (default: the folder's name, normalised)
  -u, --user USER        run as USER (systemd User=, supervisord user=, compose user:, launchd UserName)
  -l, --log DIR          log folder (default /var/log/APP; systemd: the journal unless given)
  -t, --timeout SECS     stop grace before SIGKILL (default 5)
  -c, --can-die TYPES    these types are not restarted when they exit (default: every type restarts)
  --image IMAGE          kubernetes/compose: the container image (default: a placeholder)
  --secret KEYS, --plain KEYS   kubernetes: move keys into / out of the Secret
  --user-units           systemd: user units (~/.config/systemd/user) instead of system units
  --force                write into a folder that holds files Procdeck did not write

Ctrl-C stops every process gracefully; a second Ctrl-C kills them at once.
`;
