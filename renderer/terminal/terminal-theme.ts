/**
 * xterm colours for the dark and light page themes (which follow the system).
 */
import type { ITheme } from '@xterm/xterm';

export type ThemeName = 'dark' | 'light';

const DARK: ITheme = {
  background: '#14161b',
  foreground: '#d7dae0',
  cursor: '#d7dae0',
  selectionBackground: '#3a4a66',
  black: '#1e2127',
  red: '#e06c75',
  green: '#98c379',
  yellow: '#e5c07b',
  blue: '#61afef',
  magenta: '#c678dd',
  cyan: '#56b6c2',
  white: '#d7dae0',
  brightBlack: '#7f848e',
  brightRed: '#ff7b86',
  brightGreen: '#b5e890',
  brightYellow: '#ffd68a',
  brightBlue: '#82c4ff',
  brightMagenta: '#de9bf0',
  brightCyan: '#6fd3df',
  brightWhite: '#ffffff',
};

const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#24292f',
  cursor: '#24292f',
  selectionBackground: '#b6d3ff',
  black: '#24292f',
  red: '#c4282e',
  green: '#1a7f37',
  yellow: '#8a6100',
  blue: '#0a5fd1',
  magenta: '#8250df',
  cyan: '#0b7285',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#d6333a',
  brightGreen: '#218b41',
  brightYellow: '#996c00',
  brightBlue: '#1f6feb',
  brightMagenta: '#9a5cf0',
  brightCyan: '#0e8599',
  brightWhite: '#8c959f',
};

export function terminalTheme(name: ThemeName): ITheme {
  return name === 'dark' ? DARK : LIGHT;
}

/** Search match colours (xterm wants #RRGGBB). */
export function searchColors(name: ThemeName) {
  return name === 'dark'
    ? {
        matchBackground: '#4a3f14',
        activeMatchBackground: '#b3881a',
        matchOverviewRuler: '#b3881a',
        activeMatchColorOverviewRuler: '#ffd24d',
      }
    : {
        matchBackground: '#fff1a8',
        activeMatchBackground: '#ffb224',
        matchOverviewRuler: '#e0a000',
        activeMatchColorOverviewRuler: '#ff8c00',
      };
}
