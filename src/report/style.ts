// The colours a text reporter may use; the CLI passes its terminal style, tests and files get plain text.

/** Text styles, structurally the CLI's `Style`. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const same = (text: string) => text;

/** No colour. */
export const PLAIN_STYLE: TextStyle = {
  bold: same,
  dim: same,
  red: same,
  yellow: same,
  green: same,
  cyan: same,
  magenta: same,
};
