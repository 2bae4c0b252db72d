// ESLint: the TypeScript rules everywhere, React's hook rules in the renderer.
// Layering is checked by dependency-cruiser (npm run lint:layers), not here.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'Buffer',
          'URL',
          'URLSearchParams',
          'TextDecoder',
          'TextEncoder',
          'performance',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'clearImmediate',
          'queueMicrotask',
          'structuredClone',
          'AbortController',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // DESIGN.md: only the typed wrappers touch raw IPC. Main pushes events with
    // sendEvent() and answers calls through registerCallHandler() (electron/main/ipc-bridge.ts);
    // the page reaches main only through the preload's contract API.
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['electron/main/ipc-bridge.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[object.name=/^ipc(Main|Renderer)$/]',
          message: 'Raw ipcMain/ipcRenderer only in electron/main/ipc-bridge.ts and electron/preload/index.ts.',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(send|sendToFrame|postMessage)$/][callee.object.property.name='webContents']",
          message: 'Push events with sendEvent() from electron/main/ipc-bridge.ts.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(send|sendToFrame|postMessage)$/][callee.object.name=/^(webContents|contents)$/]',
          message: 'Push events with sendEvent() from electron/main/ipc-bridge.ts.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcRenderer'],
              message: 'Only electron/preload/index.ts uses ipcRenderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
