// Wording shared by the content of several detail types.
import { suggest } from '../../commands.js';
import { command, type Inline, type Rich } from './rich.js';

/** Shown for a value the event does not hold. */
export const NO_VALUE = '–';

/**
 * A table's entry for a value from an event. Own entries only: a value such as `toString` must not
 * find what every object inherits.
 */
export function entryOf<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A text the event holds, null when it holds none or an empty one. */
export function present(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : value;
}

export function modelOf(detail: { modelName: string }): string {
  return present(detail.modelName) ?? 'unknown model';
}

export function transition(from: string | null, to: string): string {
  return `${from ?? '(first seen)'} → ${to}`;
}

/** What to do about an enum value L4E added after this version of the product. */
export function unknownValueTodo(value: string, model: string): Rich {
  return [
    'This value is new to l4e-autopilot (',
    { code: value },
    '). Check the model: ',
    command(suggest.versions(model)),
    '.',
  ];
}

export function describeVersionCommand(model: string, version: number | null): Inline {
  return command(suggest.describeModelVersion(model, version));
}

export function activateCommand(model: string, version: number | null): Inline {
  return command(suggest.activate(model, version));
}
