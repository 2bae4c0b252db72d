/**
 * The renderer's entry: picks the bridge (Electron IPC or the WebSocket of `procdeck
 * serve`), builds the store, the terminal registry and the output hub, routes the host's
 * events (output to the hub, everything else to the store), and renders the page.
 */
import '@xterm/xterm/css/xterm.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { assertNever, parseInstanceId, type InstanceId } from '../shared/model';
import { fullLogLinkInstance } from './bridge/full-log-link';
import { editorOpenParams } from '../shared/file-references';
import { selectBridge } from './bridge/select-bridge';
import { OutputHub } from './output/output-hub';
import { createDashboardStore } from './store/dashboard-store';
import { TerminalRegistry } from './terminal/terminal-registry';
import { installTestHook } from './terminal/test-hook';
import { App } from './ui/App';
import { useObservations } from './ui/resources/observations-store';
import { openFullLog } from './ui/full-log';
import { createSearchStore } from './ui/search/search-store';
import { ServicesContext, type Services } from './ui/services';
import { ansiColor } from './ui/type-colors';

const bridge = selectBridge(window);
const store = createDashboardStore({ kind: 'connecting', attempt: 1 });
const dark = window.matchMedia('(prefers-color-scheme: dark)');

const resizeTimers = new Map<InstanceId, ReturnType<typeof setTimeout>>();
const terminals = new TerminalRegistry(
  {
    // One-way: a child that does not read its input is reported by the host as a notice (#47).
    input: (instance, data) => bridge.notify('instance.input', { instance, data }),
    resize(instance, cols, rows) {
      // A drag of the window resizes many times a second; the PTY needs the last size only.
      clearTimeout(resizeTimers.get(instance));
      resizeTimers.set(
        instance,
        setTimeout(() => bridge.notify('instance.resize', { instance, cols, rows }), 100),
      );
    },
    openLink: (url) => {
      const fullLog = fullLogLinkInstance(url, location.origin);
      if (fullLog) void openFullLog(bridge, store, fullLog);
      else bridge.openExternal(url);
    },
    // envview: `file.js:42` in the output opens in the user's editor, inside the project only.
    openFile: (ref) =>
      void bridge.call('editor.open', editorOpenParams(ref)).then((result) => {
        if (!result.ok) store.getState().notify({ level: 'warning', message: result.error.message, at: Date.now() });
      }),
  },
  dark.matches ? 'dark' : 'light',
);
dark.addEventListener('change', () => terminals.setTheme(dark.matches ? 'dark' : 'light'));

const search = createSearchStore(bridge);

const hub = new OutputHub(bridge, terminals, (id) => {
  const type = parseInstanceId(id)?.type;
  const index = store.getState().types.find((t) => t.name === type)?.index ?? 0;
  return ansiColor(index);
});

bridge.onEvent((message) => {
  switch (message.event) {
    case 'output':
      hub.onOutput(message.payload);
      return;
    case 'output-gap':
      hub.onGap(message.payload);
      return;
    case 'search':
      search.getState().receive(message.payload);
      return;
    case 'observations':
      useObservations.getState().apply(message.payload);
      return;
    case 'snapshot':
    case 'instance':
    case 'instance-removed':
    case 'types':
    case 'crash':
    case 'diagnostics':
    case 'notice':
    case 'shell':
      if (message.event === 'snapshot') useObservations.getState().clear(); // another project, or a fresh view
      hub.onEvent(message);
      store.getState().apply(message);
      return;
    default:
      assertNever(message, 'event');
  }
});
bridge.onStatus((status) => {
  store.getState().setConnection(status);
  hub.onStatus(status);
  if (status.kind === 'open' && !status.reconnected) {
    void bridge.call('app.info', {}).then((r) => r.ok && store.getState().setHost(r.value));
  }
});

// Only in a build for the tests: a production bundle holds none of the hook's code.
if (__PROCDECK_TEST_HOOK__) installTestHook(window, terminals, hub);

const services: Services = { bridge, store, hub, terminals, search };
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
