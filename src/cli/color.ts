// ANSI styling for the text reporters; off unless stdout is a terminal, and always off with NO_COLOR or --no-color.
import { PLAIN, type TextStyle } from '../report/text-style.js';

/** The reporters' style, and whether it colours at all. */
export interface Style extends TextStyle {
  readonly enabled: boolean;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** A style that colours (enabled) or returns text unchanged. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) return { ...PLAIN, enabled };
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
  };
}

/** Colour is used only on a terminal, and never when NO_COLOR is set (https://no-color.org) or --no-color is given. */
export function colorWanted(
  flag: boolean,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}
