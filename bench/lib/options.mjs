// `npm run bench -- [options]`.
export const USAGE = `npm run bench -- [--quick] [--json[=FILE]] [--markdown=FILE] [--runs N] [--only LIST] [--no-peers]

  --quick          reduced sizes, one run each (a few seconds per workload); peers only if already installed
  --json           print the results as JSON on stdout instead of tables (--json=FILE: write them there)
  --markdown=FILE  also write the report (machine, tables, targets) as Markdown
  --runs N         runs per measurement (default 3; --quick: 1)
  --only LIST      workloads to run, by number: --only 1,3
  --no-peers       do not measure Foreman-style peers (reported as not measured)
`;

export function parseOptions(argv) {
  const options = { quick: false, json: null, markdown: null, runs: null, only: null, peers: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--json':
        options.json = inline ?? '-';
        break;
      case '--markdown':
        options.markdown = value();
        break;
      case '--runs':
        options.runs = Number(value());
        if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs needs a whole number ≥ 1');
        break;
      case '--only':
        options.only = new Set(
          value()
            .split(',')
            .map((s) => s.trim()),
        );
        break;
      case '--no-peers':
        options.peers = false;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  options.runs ??= options.quick ? 1 : 3;
  return options;
}
