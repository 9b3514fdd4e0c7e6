// Styling for the text reporters: the CLI passes colours on a terminal, files and tests get PLAIN.

/** The styling the text reporter uses; the CLI passes colours on a terminal, tests pass `PLAIN`. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const identity = (text: string) => text;

/** No styling. */
export const PLAIN: TextStyle = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  green: identity,
};
