// The organization a local Organizations serves: a root, nested organizational units and member accounts
// with their states, held as parent links so accounts can join, move and close while a test runs.
import { LocalAwsServiceError } from './errors.js';

export type LocalAccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED' | 'PENDING_ACTIVATION';

export interface LocalOrgAccount {
  id: string;
  name?: string;
  /** `ACTIVE` unless given. */
  state?: LocalAccountState;
}

export interface LocalOrgUnit {
  /** `ou-<root suffix>-<8 to 32 characters>`. */
  id: string;
  name?: string;
  accounts?: LocalOrgAccount[];
  units?: LocalOrgUnit[];
}

export interface AccountRecord {
  id: string;
  name: string;
  state: LocalAccountState;
  parentId: string;
  joinedAt: Date;
}

export interface UnitRecord {
  id: string;
  name: string;
  parentId: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const UNIT_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** Organizations allows five levels of units under the root. */
export const MAX_UNIT_DEPTH = 5;

export class OrganizationTree {
  readonly accounts = new Map<string, AccountRecord>();
  readonly units = new Map<string, UnitRecord>();

  constructor(
    readonly rootId: string,
    private readonly now: () => number,
  ) {}

  addUnit(parentId: string, unit: LocalOrgUnit): void {
    this.requireParent(parentId);
    if (!UNIT_ID.test(unit.id) || this.units.has(unit.id)) {
      throw new Error(`local Organizations: ${unit.id} is not a new organizational unit id`);
    }
    if (this.depthOf(parentId) >= MAX_UNIT_DEPTH) {
      throw new Error(`local Organizations: ${unit.id} would nest deeper than ${MAX_UNIT_DEPTH} levels`);
    }
    this.units.set(unit.id, { id: unit.id, name: unit.name ?? unit.id, parentId });
    for (const account of unit.accounts ?? []) this.addAccount(unit.id, account);
    for (const child of unit.units ?? []) this.addUnit(unit.id, child);
  }

  addAccount(parentId: string, account: LocalOrgAccount): void {
    this.requireParent(parentId);
    if (!ACCOUNT_ID.test(account.id) || this.accounts.has(account.id)) {
      throw new Error(`local Organizations: ${account.id} is not a new 12-digit account id`);
    }
    this.accounts.set(account.id, {
      id: account.id,
      name: account.name ?? `account-${account.id}`,
      state: account.state ?? 'ACTIVE',
      parentId,
      joinedAt: new Date(this.now()),
    });
  }

  moveAccount(accountId: string, parentId: string): void {
    this.requireParent(parentId);
    this.account(accountId).parentId = parentId;
  }

  setState(accountId: string, state: LocalAccountState): void {
    this.account(accountId).state = state;
  }

  /** Whether the id is the root or a unit; ParentNotFoundException otherwise, as the service answers. */
  requireParent(parentId: string): void {
    if (parentId === this.rootId || this.units.has(parentId)) return;
    throw new LocalAwsServiceError(
      'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.",
    );
  }

  accountsOf(parentId: string): AccountRecord[] {
    return [...this.accounts.values()].filter((account) => account.parentId === parentId);
  }

  unitsOf(parentId: string): UnitRecord[] {
    return [...this.units.values()].filter((unit) => unit.parentId === parentId);
  }

  /** `o-…/r-…/ou-…/`: the entity path Organizations reports. */
  pathOf(parentId: string, organizationId: string): string {
    const ids: string[] = [];
    let at: string | undefined = parentId;
    for (let level = 0; at !== undefined && level <= MAX_UNIT_DEPTH; level++) {
      ids.unshift(at);
      at = this.units.get(at)?.parentId;
    }
    return `${organizationId}/${ids.join('/')}/`;
  }

  private depthOf(parentId: string): number {
    let depth = 0;
    let at = this.units.get(parentId);
    while (at !== undefined && depth <= MAX_UNIT_DEPTH) {
      depth++;
      at = this.units.get(at.parentId);
    }
    return depth;
  }

  private account(accountId: string): AccountRecord {
    const account = this.accounts.get(accountId);
    if (account === undefined) throw new Error(`local Organizations: no account ${accountId}`);
    return account;
  }
}
