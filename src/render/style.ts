/**
 * Terminal styling. Renderers take a `color` flag and never look at the
 * environment themselves: the CLI decides (terminal, NO_COLOR, FORCE_COLOR).
 */
export interface Style {
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

function wrap(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const identity = (text: string): string => text;

const COLORED: Style = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  cyan: wrap(36, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

const PLAIN: Style = {
  green: identity,
  yellow: identity,
  red: identity,
  cyan: identity,
  bold: identity,
  dim: identity,
};

export function createStyle(color: boolean): Style {
  return color ? COLORED : PLAIN;
}
