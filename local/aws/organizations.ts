// A local AWS Organizations over awsJson1_1 (`X-Amz-Target: AWSOrganizationsV20161128.<Op>`): the two
// reads fleet discovery makes, ListAccountsForParent and ListOrganizationalUnitsForParent, over a tree of
// units and accounts, paged with NextToken and MaxResults (1-20) as the service pages, and refused with
// AccessDeniedException unless the caller acts in the management account or a delegated administrator.
// Signatures are not checked; the caller's account is read from the access key id a request is signed with.
import type { JsonCaller, JsonInput } from './aws-json.js';
import { createAwsJsonHandler, epochSeconds, optionalNumber, optionalString } from './aws-json.js';
import { LocalAwsServiceError } from './errors.js';
import { listen } from './http-server.js';
import type {
  AccountRecord,
  LocalAccountState,
  LocalOrgAccount,
  LocalOrgUnit,
} from './organizations-tree.js';
import { OrganizationTree } from './organizations-tree.js';

export type { LocalAccountState, LocalOrgAccount, LocalOrgUnit } from './organizations-tree.js';

export interface LocalOrganizationsOptions {
  host?: string;
  port?: number;
  /** `111111111111` by default; a member of the root unless the tree places it. */
  managementAccount?: string;
  organizationId?: string;
  rootId?: string;
  root?: { accounts?: LocalOrgAccount[]; units?: LocalOrgUnit[] };
  /** Accounts the organization delegated its administration to; they may read it as the management account. */
  delegatedAdministrators?: string[];
  /** The account an access key acts in, e.g. the local STS's `accountOf` for its sessions. */
  accountOf?: (accessKeyId: string) => string | undefined;
  /** The account of each long-term access key id, asked when `accountOf` knows none. */
  callers?: Record<string, string>;
  /** Most items one page holds whatever MaxResults asks, as the service may answer with fewer; 20 by default. */
  pageSize?: number;
  /** Clock in epoch ms for JoinedTimestamp; `Date.now` by default. */
  now?: () => number;
}

export interface OrganizationsCall {
  op: string;
  parentId: string;
  /** The caller's account, when its key is known. */
  account: string | undefined;
  maxResults: number | undefined;
  /** Whether the call continued a listing. */
  continued: boolean;
  /** `ok`, or the error code it was refused with. */
  outcome: string;
  /** Items the page held. */
  returned: number;
}

/** A fault an operation answers with on its next calls. */
export interface OrganizationsFault {
  /** `TooManyRequestsException` unless given. */
  code?: string;
  message?: string;
  /** Successful calls of the operation to answer before failing; 0 by default. */
  after?: number;
  /** Calls that fail; 1 by default. */
  times?: number;
}

export interface LocalOrganizations {
  readonly url: string;
  readonly organizationId: string;
  readonly rootId: string;
  addUnit(parentId: string, unit: LocalOrgUnit): void;
  addAccount(parentId: string, account: LocalOrgAccount): void;
  moveAccount(accountId: string, parentId: string): void;
  setAccountState(accountId: string, state: LocalAccountState): void;
  setDelegatedAdministrators(accounts: readonly string[]): void;
  failCalls(operation: string, fault?: OrganizationsFault): void;
  calls(): OrganizationsCall[];
  close(): Promise<void>;
}

const MAX_RESULTS = 20;
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

export async function startLocalOrganizations(
  options: LocalOrganizationsOptions = {},
): Promise<LocalOrganizations> {
  const organization = new LocalOrganization(options);
  const server = await listen(
    createAwsJsonHandler({
      targetPrefix: 'AWSOrganizationsV20161128',
      internalErrorCode: 'ServiceException',
      errorMessageMember: 'Message',
      operations: {
        ListAccountsForParent: (input, caller) => organization.listAccounts(input, caller),
        ListOrganizationalUnitsForParent: (input, caller) => organization.listUnits(input, caller),
      },
    }),
    options,
  );
  const tree = organization.tree;
  return {
    url: server.url,
    organizationId: organization.id,
    rootId: tree.rootId,
    addUnit: (parentId, unit) => tree.addUnit(parentId, unit),
    addAccount: (parentId, account) => tree.addAccount(parentId, account),
    moveAccount: (accountId, parentId) => tree.moveAccount(accountId, parentId),
    setAccountState: (accountId, state) => tree.setState(accountId, state),
    setDelegatedAdministrators: (accounts) => organization.delegate(accounts),
    failCalls: (operation, fault = {}) => organization.faults.set(operation, { ...fault }),
    calls: () => organization.log.map((call) => ({ ...call })),
    close: () => server.close(),
  };
}

class LocalOrganization {
  readonly tree: OrganizationTree;
  readonly id: string;
  readonly log: OrganizationsCall[] = [];
  readonly faults = new Map<string, OrganizationsFault>();
  private readonly management: string;
  private administrators: Set<string>;

  constructor(private readonly options: LocalOrganizationsOptions) {
    this.management = options.managementAccount ?? '111111111111';
    this.id = options.organizationId ?? 'o-exampleorg1';
    this.administrators = new Set(options.delegatedAdministrators);
    this.tree = new OrganizationTree(options.rootId ?? 'r-ab12', options.now ?? Date.now);
    for (const account of options.root?.accounts ?? []) this.tree.addAccount(this.tree.rootId, account);
    for (const unit of options.root?.units ?? []) this.tree.addUnit(this.tree.rootId, unit);
    if (!this.tree.accounts.has(this.management)) {
      this.tree.addAccount(this.tree.rootId, { id: this.management, name: 'management' });
    }
  }

  delegate(accounts: readonly string[]): void {
    this.administrators = new Set(accounts);
  }

  listAccounts(input: JsonInput, caller: JsonCaller) {
    return this.logged('ListAccountsForParent', input, caller, (parentId) => {
      const page = this.page(this.tree.accountsOf(parentId), input, parentId);
      return {
        items: page.items.length,
        output: { Accounts: page.items.map((a) => this.account(a)), ...page.next },
      };
    });
  }

  listUnits(input: JsonInput, caller: JsonCaller) {
    return this.logged('ListOrganizationalUnitsForParent', input, caller, (parentId) => {
      const page = this.page(this.tree.unitsOf(parentId), input, parentId);
      const units = page.items.map((unit) => ({
        Id: unit.id,
        Arn: `arn:aws:organizations::${this.management}:ou/${this.id}/${unit.id}`,
        Name: unit.name,
        Path: this.tree.pathOf(unit.id, this.id),
      }));
      return { items: units.length, output: { OrganizationalUnits: units, ...page.next } };
    });
  }

  private logged(
    op: string,
    input: JsonInput,
    caller: JsonCaller,
    list: (parentId: string) => { items: number; output: unknown },
  ): unknown {
    const call: OrganizationsCall = {
      op,
      parentId: optionalString(input, 'ParentId') ?? '',
      account: this.accountOf(caller),
      maxResults: optionalNumber(input, 'MaxResults'),
      continued: optionalString(input, 'NextToken') !== undefined,
      outcome: 'ok',
      returned: 0,
    };
    this.log.push(call);
    try {
      this.authorize(call.account);
      this.injectedFault(op);
      const parentId = requiredParent(input);
      this.tree.requireParent(parentId);
      const { items, output } = list(parentId);
      call.returned = items;
      return output;
    } catch (error) {
      call.outcome = error instanceof LocalAwsServiceError ? error.code : 'ServiceException';
      throw error;
    }
  }

  private accountOf(caller: JsonCaller): string | undefined {
    const key = caller.accessKeyId;
    if (key === undefined) return undefined;
    return this.options.accountOf?.(key) ?? this.options.callers?.[key];
  }

  private authorize(account: string | undefined): void {
    if (account === undefined) {
      throw new LocalAwsServiceError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (account !== this.management && !this.administrators.has(account)) {
      throw new LocalAwsServiceError(
        'AccessDeniedException',
        "You don't have permissions to access this resource.",
      );
    }
  }

  private injectedFault(op: string): void {
    const fault = this.faults.get(op);
    if (fault === undefined) return;
    if ((fault.after ?? 0) > 0) {
      fault.after = (fault.after ?? 0) - 1;
      return;
    }
    const remaining = (fault.times ?? 1) - 1;
    if (remaining <= 0) this.faults.delete(op);
    else fault.times = remaining;
    const code = fault.code ?? 'TooManyRequestsException';
    throw new LocalAwsServiceError(code, fault.message ?? `injected ${code} for ${op}`);
  }

  private page<T>(
    all: T[],
    input: JsonInput,
    parentId: string,
  ): { items: T[]; next: { NextToken?: string } } {
    const asked = optionalNumber(input, 'MaxResults');
    if (asked !== undefined && (!Number.isInteger(asked) || asked < 1 || asked > MAX_RESULTS)) {
      throw invalidInput(
        asked < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED',
        `You provided a value for MaxResults outside the range 1 to ${MAX_RESULTS}.`,
      );
    }
    const size = Math.min(asked ?? MAX_RESULTS, this.options.pageSize ?? MAX_RESULTS);
    const start = startOf(optionalString(input, 'NextToken'), parentId);
    const end = start + size;
    const items = all.slice(start, end);
    return end < all.length ? { items, next: { NextToken: tokenOf(parentId, end) } } : { items, next: {} };
  }

  private account(account: AccountRecord) {
    return {
      Id: account.id,
      Arn: `arn:aws:organizations::${this.management}:account/${this.id}/${account.id}`,
      Email: `${account.name}@example.com`,
      Name: account.name,
      Status: legacyStatus(account.state),
      State: account.state,
      Paths: [`${this.tree.pathOf(account.parentId, this.id)}${account.id}/`],
      JoinedMethod: account.id === this.management ? 'CREATED' : 'INVITED',
      JoinedTimestamp: epochSeconds(account.joinedAt),
    };
  }
}

function invalidInput(reason: string, message: string): LocalAwsServiceError {
  return new LocalAwsServiceError('InvalidInputException', message, 400, { members: { Reason: reason } });
}

function requiredParent(input: JsonInput): string {
  const parentId = optionalString(input, 'ParentId');
  if (parentId === undefined) throw invalidInput('INPUT_REQUIRED', 'You must specify a value for ParentId.');
  if (!PARENT_ID.test(parentId)) {
    throw invalidInput('INVALID_PATTERN', 'You provided a value that does not match the required pattern.');
  }
  return parentId;
}

/** Tokens are opaque to callers and valid only for the listing that issued them. */
function tokenOf(parentId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ parentId, offset }), 'utf8').toString('base64');
}

function startOf(token: string | undefined, parentId: string): number {
  if (token === undefined) return 0;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { parentId: issuedFor, offset } = (decoded ?? {}) as { parentId?: unknown; offset?: unknown };
  if (issuedFor !== parentId || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken.');
  }
  return offset;
}

/** The older Status member: a closed account shows SUSPENDED, one being activated ACTIVE. */
function legacyStatus(state: LocalAccountState): 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' {
  if (state === 'CLOSED') return 'SUSPENDED';
  if (state === 'PENDING_ACTIVATION') return 'ACTIVE';
  return state;
}
