// Typed reads of a request already checked against its shape: each helper still checks the type it
// returns, so nothing is cast.

export type Input = Readonly<Record<string, unknown>>;

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw new TypeError(`${name} was validated as a string`);
  return value;
}

export function optionalInteger(input: Input, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

export function optionalRecord(input: Input, name: string): Record<string, unknown> | undefined {
  const value = input[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value));
}

export function records(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is object => typeof item === 'object' && item !== null && !Array.isArray(item))
    .map((item) => Object.fromEntries(Object.entries(item)));
}
