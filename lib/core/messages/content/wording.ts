// Wording shared by the content of several detail types.
import { suggest } from '../../commands.js';
import type { ProviderName } from '../../model.js';
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

/**
 * How an alert names a provider: the first provider's alerts read as they always have; another's say
 * which service the model lives in.
 */
const PROVIDER_TITLES: Readonly<Record<ProviderName, string | null>> = {
  'lookout-equipment': null,
  'iot-sitewise': 'IoT SiteWise',
};

/** The words an alert's title starts with for the model's provider; null for the first provider. */
export function providerTitleOf(detail: { provider?: ProviderName }): string | null {
  return detail.provider === undefined ? null : PROVIDER_TITLES[detail.provider];
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
