/**
 * The import rules of DESIGN.md, checked by `npm run lint:layers` (and by `npm test`).
 * Test files are exempt from the "no npm package" rules only (they import vitest).
 */
const notTest = '\\.test\\.tsx?$';

module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'shared/ is the contract: types and pure helpers, importing nothing outside shared/.',
      severity: 'error',
      from: { path: '^shared/', pathNot: notTest },
      to: { pathNot: '^shared/' },
    },
    {
      name: 'core-has-no-ui',
      comment: 'electron/core is the supervisor: Node only, no Electron, no UI, no hosts.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: {
        path: [
          '^node_modules/(electron|react|react-dom|zustand|@xterm)/',
          '^electron/(host|main|preload|cli)/',
          '^renderer/',
        ],
      },
    },
    {
      name: 'host-is-headless',
      comment:
        "electron/host is the contract's server side, shared by the desktop app and procdeck serve: core and shared, no Electron, no UI, no particular host.",
      severity: 'error',
      from: { path: '^electron/host/' },
      to: {
        path: [
          '^node_modules/(electron|react|react-dom|zustand|@xterm)/',
          '^electron/(main|preload|cli)/',
          '^renderer/',
        ],
      },
    },
    {
      name: 'cli-has-no-electron',
      comment: 'electron/cli hosts the core headless: no Electron, no renderer code.',
      severity: 'error',
      from: { path: '^electron/cli/' },
      to: { path: ['^node_modules/electron/', '^electron/(main|preload)/', '^renderer/'] },
    },
    {
      name: 'main-not-renderer',
      comment: 'electron/main is the desktop shell: host, core and shared, never renderer code.',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: ['^renderer/', '^electron/(cli|preload)/'] },
    },
    {
      name: 'preload-is-thin',
      comment: 'The preload exposes the contract over IPC: electron and shared only.',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { path: ['^electron/(core|host|main|cli)/', '^renderer/'] },
    },
    {
      name: 'preload-no-node',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-is-a-web-page',
      comment: 'The renderer runs in a browser tab too: no Electron, no Node, no main-process code.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: notTest },
      to: { path: ['^node_modules/electron/', '^electron/'] },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^renderer/', pathNot: notTest },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
