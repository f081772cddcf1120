// What fleet discovery reads of the organization the hub belongs to: the accounts and the nested units
// directly under a unit or root, every page of them.

export interface OrganizationAccount {
  id: string;
  /** Whether the account is open and usable (not suspended, closing, closed or still being activated). */
  active: boolean;
}

export interface OrganizationReader {
  accountsOf(parentId: string): Promise<OrganizationAccount[]>;
  /** The ids of the units directly under `parentId`. */
  unitsOf(parentId: string): Promise<string[]>;
}

/** Why the organization could not be read, in terms a person can act on. */
export type OrganizationReadFailure = 'access-denied' | 'not-in-organization' | 'parent-not-found';

export class OrganizationReadError extends Error {
  override readonly name = 'OrganizationReadError';

  constructor(
    readonly failure: OrganizationReadFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
