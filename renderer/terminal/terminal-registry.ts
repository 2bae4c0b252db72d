/**
 * The xterm instances, kept outside React (as Hyper and VS Code do): a terminal outlives
 * the component that shows it, so switching views or re-rendering never loses output,
 * and output is written here without ever touching React state.
 *
 * Each terminal has its own host element. Showing a view appends that element to the
 * component's container (opening the terminal the first time); hiding it takes the
 * element out again. Terminals of instances nobody looks at still parse their output
 * (xterm works unopened), so a view opened later is already up to date.
 *
 * Output is untrusted: no OSC 52 clipboard writes, no title changes (nobody listens to
 * `onTitleChange`), and links open only after a click, only http(s), through the bridge.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type IDisposable } from '@xterm/xterm';
import type { FileReference } from '../../shared/file-references';
import { isSafeExternalUrl } from '../../shared/links';
import { fileLinkProvider } from '../links/file-link-provider';
import type { InstanceId } from '../../shared/model';
import type { OutputTerminals } from '../output/output-terminals';
import type { TerminalId } from '../store/view';
import { terminalTheme, type ThemeName } from './terminal-theme';

export interface TerminalHooks {
  input(id: InstanceId, data: string): void;
  resize(id: InstanceId, cols: number, rows: number): void;
  openLink(url: string): void;
  /** A `file.js:42` reference was clicked (envview: opens it in the editor). */
  openFile?(ref: FileReference): void;
}

export interface TerminalEntry {
  readonly viewId: TerminalId;
  readonly term: Terminal;
  readonly fit: FitAddon;
  readonly search: SearchAddon;
  readonly element: HTMLDivElement;
  opened: boolean;
  /** The viewport is at the bottom and new output scrolls it (follow mode). */
  following: boolean;
  /**
   * Held while the whole buffer fits on the screen: there is no line to scroll back to
   * yet, so the held viewport line is kept here and restored once output pushes it up.
   */
  heldAt: number | null;
  readonly followListeners: Set<() => void>;
  readonly disposables: IDisposable[];
}

const SCROLLBACK = { instance: 5000, merged: 10000 } as const;

export class TerminalRegistry implements OutputTerminals {
  private readonly entries = new Map<TerminalId, TerminalEntry>();
  private theme: ThemeName;

  constructor(
    private readonly hooks: TerminalHooks,
    theme: ThemeName,
  ) {
    this.theme = theme;
  }

  get(viewId: TerminalId): TerminalEntry | undefined {
    return this.entries.get(viewId);
  }

  ensure(viewId: TerminalId): TerminalEntry {
    const existing = this.entries.get(viewId);
    if (existing) return existing;
    const { instance, stamped } = terminalOwner(viewId);
    const element = document.createElement('div');
    element.className = 'terminal-host';
    element.dataset.view = viewId;
    const term = new Terminal({
      allowProposedApi: true, // search decorations
      convertEol: true, // pipe output has bare \n
      scrollback: instance ? SCROLLBACK.instance : SCROLLBACK.merged,
      disableStdin: instance === null,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      fontSize: 12,
      lineHeight: 1.15,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      theme: terminalTheme(this.theme),
      // OSC 8 hyperlinks: same rule as plain links. Their visible text can be anything, so the
      // real target shows on hover (the host's title), and only a link that was shown opens.
      linkHandler: {
        activate: (_event, uri) => {
          if (element.title === osc8Title(uri)) this.openLink(uri);
        },
        hover: (_event, uri) => {
          element.title = osc8Title(uri);
        },
        leave: () => {
          element.removeAttribute('title');
        },
        allowNonHttpProtocols: false,
      },
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 500 });
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon((_event, uri) => this.openLink(uri)));
    term.registerLinkProvider(fileLinkProvider(term, (ref) => this.hooks.openFile?.(ref)));
    const entry: TerminalEntry = {
      viewId,
      term,
      fit,
      search,
      element,
      opened: false,
      following: true,
      heldAt: null,
      followListeners: new Set(),
      disposables: [],
    };
    // OSC 52 would let output write the clipboard: swallow it.
    entry.disposables.push(term.parser.registerOscHandler(52, () => true));
    entry.disposables.push(term.onScroll(() => this.updateFollowing(entry)));
    entry.disposables.push(term.onWriteParsed(() => this.updateFollowing(entry)));
    if (instance) {
      entry.disposables.push(term.onData((data) => this.hooks.input(instance, data)));
      // The PTY takes the size of the instance's own terminal; a stamped one shows lines that wrap.
      if (!stamped) entry.disposables.push(term.onResize(({ cols, rows }) => this.hooks.resize(instance, cols, rows)));
    }
    this.entries.set(viewId, entry);
    return entry;
  }

  /** Shows the terminal inside `container` (opening it the first time). */
  attach(viewId: TerminalId, container: HTMLElement): TerminalEntry {
    const entry = this.ensure(viewId);
    if (entry.element.parentElement !== container) container.appendChild(entry.element);
    if (!entry.opened) {
      entry.term.open(entry.element);
      entry.opened = true;
    }
    this.fit(viewId);
    return entry;
  }

  /** Takes the terminal out of `container`; it keeps its content and keeps receiving output. */
  detach(viewId: TerminalId, container: HTMLElement): void {
    const entry = this.entries.get(viewId);
    if (entry && entry.element.parentElement === container) container.removeChild(entry.element);
  }

  fit(viewId: TerminalId): void {
    const entry = this.entries.get(viewId);
    if (!entry?.opened || !entry.element.isConnected) return;
    const { clientWidth, clientHeight } = entry.element;
    if (clientWidth < 20 || clientHeight < 20) return;
    try {
      entry.fit.fit();
    } catch {
      // Not measurable right now (hidden); the next resize fits it.
    }
  }

  write(viewId: TerminalId, data: string | Uint8Array, done?: () => void): void {
    this.ensure(viewId).term.write(data, done);
  }

  /** Empties the view (scrollback and screen but the cursor line); the host keeps every byte. */
  clear(viewId: TerminalId): void {
    this.entries.get(viewId)?.term.clear();
  }

  reset(viewId: TerminalId): void {
    this.entries.get(viewId)?.term.reset();
  }

  dispose(viewId: TerminalId): void {
    const entry = this.entries.get(viewId);
    if (!entry) return;
    this.entries.delete(viewId);
    for (const d of entry.disposables) d.dispose();
    entry.element.remove();
    entry.term.dispose();
    for (const listener of entry.followListeners) listener();
  }

  setTheme(theme: ThemeName): void {
    this.theme = theme;
    for (const entry of this.entries.values()) entry.term.options.theme = terminalTheme(theme);
  }

  get themeName(): ThemeName {
    return this.theme;
  }

  /** Follow mode: scroll to the end and stay there, or stop where the view is. */
  setFollowing(viewId: TerminalId, follow: boolean): void {
    const entry = this.entries.get(viewId);
    if (!entry) return;
    const buffer = entry.term.buffer.active;
    entry.heldAt = null;
    if (follow) entry.term.scrollToBottom();
    else if (entry.following && buffer.baseY > 0) entry.term.scrollLines(-1);
    else if (entry.following) entry.heldAt = buffer.viewportY;
    this.updateFollowing(entry);
  }

  isFollowing(viewId: TerminalId): boolean {
    return this.entries.get(viewId)?.following ?? true;
  }

  onFollowChange(viewId: TerminalId, listener: () => void): () => void {
    const entry = this.ensure(viewId);
    entry.followListeners.add(listener);
    return () => entry.followListeners.delete(listener);
  }

  /** The terminal's text, one string per buffer line, trailing blanks trimmed. */
  lines(viewId: TerminalId): string[] {
    const buffer = this.entries.get(viewId)?.term.buffer.active;
    if (!buffer) return [];
    const out: string[] = [];
    for (let i = 0; i < buffer.length; i++) out.push(buffer.getLine(i)?.translateToString(true) ?? '');
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out;
  }

  views(): TerminalId[] {
    return [...this.entries.keys()];
  }

  private openLink(url: string): void {
    if (isSafeExternalUrl(url)) this.hooks.openLink(url);
  }

  private updateFollowing(entry: TerminalEntry): void {
    const buffer = entry.term.buffer.active;
    // Output arrived while held on a screen without scrollback: xterm followed it, put the
    // view back where it was held (now a line above the bottom, so held the ordinary way).
    if (entry.heldAt !== null && buffer.baseY > entry.heldAt) {
      const line = entry.heldAt;
      entry.heldAt = null;
      entry.term.scrollToLine(line);
    }
    const following = entry.heldAt === null && buffer.viewportY >= buffer.baseY;
    if (following === entry.following) return;
    entry.following = following;
    for (const listener of entry.followListeners) listener();
  }
}

/** The instance whose keys a terminal takes (null: the merged view), and whether it is its stamped one. */
function terminalOwner(id: TerminalId): { instance: InstanceId | null; stamped: boolean } {
  if (id === 'merged') return { instance: null, stamped: false };
  const stamped = id.startsWith('stamped:');
  return { instance: id.slice(stamped ? 'stamped:'.length : 'instance:'.length) as InstanceId, stamped };
}

/** What an OSC 8 link shows on hover: where it really goes. */
function osc8Title(uri: string): string {
  return `Opens ${uri}`;
}
