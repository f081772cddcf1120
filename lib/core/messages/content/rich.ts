// Rich text: prose runs and literals (model names, statuses, command lines) that each channel sets
// in its own code style.
import { isCommandLine } from '../../commands.js';

/** A run of prose or a literal (model name, status, command) that channels may set in code style. */
export type Inline = string | { code: string };
export type Rich = Inline[];

/** A literal for a command line. */
export function command(line: string): Inline {
  return { code: line };
}

/** A literal that is a command to run, which email shows on a line of its own for copying. */
export function isCommand(part: Inline): part is { code: string } {
  return typeof part !== 'string' && isCommandLine(part.code);
}

/** Plain text of rich content, literals unmarked. */
export function plainText(rich: Rich): string {
  return rich.map((part) => (typeof part === 'string' ? part : part.code)).join('');
}
