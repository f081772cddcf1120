// A local STS over awsQuery: AssumeRole into configured roles (trust by principal and external id, session
// length bounded by the role), temporary credentials with an expiry on a controllable clock, and
// GetCallerIdentity, which names the assumed role for its session keys and refuses them once expired.
// Signatures are not checked; who calls is read from the access key id a request is signed with.
import { randomBytes } from 'node:crypto';
import type { QueryCaller, XmlValue } from './aws-query.js';
import { createAwsQueryHandler } from './aws-query.js';
import { LocalAwsServiceError } from './errors.js';
import { listen } from './http-server.js';

export interface LocalRole {
  roleArn: string;
  /** The external id the role's trust requires (`sts:ExternalId`); absent: the role requires none. */
  externalId?: string;
  /**
   * The principals its trust names: role or user ARNs, or `arn:aws:iam::<account>:root` for any principal
   * of that account. Absent: any caller.
   */
  trustedPrincipals?: string[];
  /** The role's MaxSessionDuration; 3600 by default, as IAM's. */
  maxSessionDurationSeconds?: number;
}

/**
 * A fault AssumeRole answers with for one role, for a span of (clock) time or a number of calls. A role
 * can have several, each from its own instant: the first one in force answers.
 */
export interface AssumeRoleFault {
  /** Default `AccessDenied` (403), as while a StackSet instance is not yet deployed. */
  code?: string;
  status?: number;
  message?: string;
  /** When it starts, on the clock (epoch ms); now by default. */
  from?: number;
  forMs?: number;
  times?: number;
}

export interface AssumeRoleCall {
  roleArn: string;
  sessionName: string;
  callerArn: string;
  /** ISO-8601 clock time of the call. */
  at: string;
  /** `issued`, or the error code it was refused with. */
  outcome: string;
  expiration?: string;
}

export interface LocalStsOptions {
  host?: string;
  port?: number;
  /** The account the hub's own credentials belong to. */
  accountId?: string;
  /** Clock in epoch ms (expiry of sessions and faults); `Date.now` by default. */
  now?: () => number;
  roles?: LocalRole[];
  /** Principal ARN of each long-term access key id; any other key is `arn:aws:iam::<accountId>:user/local`. */
  identities?: Record<string, string>;
}

export interface LocalSts {
  readonly url: string;
  addRole(role: LocalRole): void;
  failAssumeRole(roleArn: string, fault?: AssumeRoleFault): void;
  calls(): AssumeRoleCall[];
  /**
   * The account a key acts in: a session's assumed role's account until the session expires, a
   * long-term key's from its identity; undefined for any other key.
   */
  accountOf(accessKeyId: string): string | undefined;
  close(): Promise<void>;
}

interface Session {
  roleArn: string;
  arn: string;
  roleId: string;
  expiresAt: number;
}

interface ActiveFault {
  code: string;
  status: number;
  message: string | undefined;
  from: number;
  until: number;
  remaining: number;
}

const XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:[\w-]+:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const MIN_SESSION_SECONDS = 900;

export async function startLocalSts(options: LocalStsOptions = {}): Promise<LocalSts> {
  const state = new StsState(options);
  const server = await listen(
    createAwsQueryHandler({ xmlNamespace: XML_NAMESPACE, operations: state.operations() }),
    options,
  );
  return {
    url: server.url,
    addRole: (role) => state.roles.set(role.roleArn, structuredClone(role)),
    failAssumeRole: (roleArn, fault = {}) => state.fail(roleArn, fault),
    calls: () => structuredClone(state.log),
    accountOf: (key) => state.accountOf(key),
    close: () => server.close(),
  };
}

class StsState {
  readonly roles = new Map<string, LocalRole>();
  readonly log: AssumeRoleCall[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly faults = new Map<string, ActiveFault[]>();
  private readonly account: string;
  private readonly now: () => number;

  constructor(private readonly options: LocalStsOptions) {
    this.account = options.accountId ?? '123456789012';
    this.now = options.now ?? Date.now;
    for (const role of options.roles ?? []) this.roles.set(role.roleArn, structuredClone(role));
  }

  operations(): Record<string, (params: URLSearchParams, caller: QueryCaller) => XmlValue | undefined> {
    return {
      AssumeRole: (params, caller) => this.assumeRoleLogged(params, caller),
      GetCallerIdentity: (_, caller) => this.callerIdentity(caller),
    };
  }

  fail(roleArn: string, fault: AssumeRoleFault): void {
    const from = fault.from ?? this.now();
    const faults = this.faults.get(roleArn) ?? [];
    faults.push({
      code: fault.code ?? 'AccessDenied',
      status: fault.status ?? (fault.code === undefined || fault.code === 'AccessDenied' ? 403 : 400),
      message: fault.message,
      from,
      until: fault.forMs === undefined ? Number.POSITIVE_INFINITY : from + fault.forMs,
      remaining: fault.times ?? Number.POSITIVE_INFINITY,
    });
    this.faults.set(roleArn, faults);
  }

  private assumeRoleLogged(params: URLSearchParams, caller: QueryCaller): XmlValue {
    const call: AssumeRoleCall = {
      roleArn: params.get('RoleArn') ?? '',
      sessionName: params.get('RoleSessionName') ?? '',
      callerArn: this.sessions.get(caller.accessKeyId ?? '')?.arn ?? this.longTermArn(caller),
      at: new Date(this.now()).toISOString(),
      outcome: 'issued',
    };
    this.log.push(call);
    try {
      const result = this.assumeRole(params, caller);
      call.expiration = result.Credentials.Expiration;
      return result;
    } catch (error) {
      call.outcome = error instanceof LocalAwsServiceError ? error.code : 'InternalError';
      throw error;
    }
  }

  private assumeRole(params: URLSearchParams, caller: QueryCaller) {
    const roleArn = required(params, 'RoleArn');
    const sessionName = required(params, 'RoleSessionName');
    const externalId = params.get('ExternalId') ?? undefined;
    validateRequest(roleArn, sessionName, externalId);
    this.injectedFault(roleArn);
    const role = this.trustingRole(roleArn, caller, externalId);
    const seconds = sessionSeconds(params.get('DurationSeconds'), role);
    const match = ROLE_ARN.exec(roleArn);
    const roleId = `AROA${token(16, 'upper')}`;
    const session: Session = {
      roleArn,
      arn: `arn:aws:sts::${match?.[1] ?? ''}:assumed-role/${match?.[2] ?? ''}/${sessionName}`,
      roleId: `${roleId}:${sessionName}`,
      expiresAt: this.now() + seconds * 1000,
    };
    const accessKeyId = `ASIA${token(16, 'upper')}`;
    this.sessions.set(accessKeyId, session);
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: token(40, 'mixed'),
        SessionToken: token(180, 'mixed'),
        Expiration: new Date(session.expiresAt).toISOString(),
      },
      AssumedRoleUser: { AssumedRoleId: session.roleId, Arn: session.arn },
      PackedPolicySize: 0,
    };
  }

  private injectedFault(roleArn: string): void {
    const now = this.now();
    const pending = (this.faults.get(roleArn) ?? []).filter((f) => now < f.until && f.remaining > 0);
    this.faults.set(roleArn, pending);
    const fault = pending.find((f) => f.from <= now);
    if (fault === undefined) return;
    fault.remaining -= 1;
    throw new LocalAwsServiceError(
      fault.code,
      fault.message ?? `injected ${fault.code} for ${roleArn}`,
      fault.status,
    );
  }

  /** The role, when its trust lets this caller in with this external id; AccessDenied otherwise, as IAM says. */
  private trustingRole(roleArn: string, caller: QueryCaller, externalId: string | undefined): LocalRole {
    const principal = this.principalOf(caller);
    const role = this.roles.get(roleArn);
    const trusted =
      role !== undefined &&
      (role.trustedPrincipals === undefined ||
        role.trustedPrincipals.some((p) => p === principal.trustArn || p === principal.accountRoot)) &&
      role.externalId === externalId;
    if (!trusted) {
      throw new LocalAwsServiceError(
        'AccessDenied',
        `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    return role;
  }

  private callerIdentity(caller: QueryCaller): XmlValue {
    const principal = this.principalOf(caller);
    return { UserId: principal.userId, Account: principal.account, Arn: principal.arn };
  }

  accountOf(key: string): string | undefined {
    const session = this.sessions.get(key);
    if (session !== undefined)
      return this.now() < session.expiresAt ? ROLE_ARN.exec(session.roleArn)?.[1] : undefined;
    const arn = this.options.identities?.[key];
    return arn === undefined ? undefined : /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1];
  }

  /** Who signed: an unexpired session of ours, or a long-term key from the identities. */
  private principalOf(caller: QueryCaller) {
    const key = caller.accessKeyId ?? '';
    const session = this.sessions.get(key);
    if (session !== undefined) {
      if (this.now() >= session.expiresAt) {
        throw new LocalAwsServiceError(
          'ExpiredToken',
          'The security token included in the request is expired',
          403,
        );
      }
      const account = ROLE_ARN.exec(session.roleArn)?.[1] ?? '';
      return { ...this.describe(session.arn, account, session.roleId), trustArn: session.roleArn };
    }
    const arn = this.longTermArn(caller);
    const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1] ?? this.account;
    return { ...this.describe(arn, account, key), trustArn: arn };
  }

  private longTermArn(caller: QueryCaller): string {
    return this.options.identities?.[caller.accessKeyId ?? ''] ?? `arn:aws:iam::${this.account}:user/local`;
  }

  private describe(arn: string, account: string, userId: string) {
    return { arn, account, userId, accountRoot: `arn:aws:iam::${account}:root` };
  }
}

function required(params: URLSearchParams, member: string): string {
  const value = params.get(member);
  if (value === null || value === '') {
    throw new LocalAwsServiceError(
      'ValidationError',
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function validateRequest(roleArn: string, sessionName: string, externalId: string | undefined): void {
  const problems = [
    [roleArn.length >= 20 && roleArn.length <= 2048, 'roleArn', roleArn, 'have length between 20 and 2048'],
    [
      SESSION_NAME.test(sessionName),
      'roleSessionName',
      sessionName,
      'satisfy regular expression pattern: [\\w+=,.@-]*',
    ],
    [
      externalId === undefined || EXTERNAL_ID.test(externalId),
      'externalId',
      externalId,
      'satisfy regular expression pattern: [\\w+=,.@:\\/-]*',
    ],
  ] as const;
  const failed = problems.filter(([ok]) => !ok);
  if (failed.length === 0) return;
  const details = failed.map(
    ([, member, value, rule]) =>
      `Value '${value}' at '${member}' failed to satisfy constraint: Member must ${rule}`,
  );
  throw new LocalAwsServiceError(
    'ValidationError',
    `${failed.length} validation error${failed.length > 1 ? 's' : ''} detected: ${details.join('; ')}`,
  );
}

function sessionSeconds(raw: string | null, role: LocalRole): number {
  if (raw === null) return Math.min(3600, role.maxSessionDurationSeconds ?? 3600);
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS) {
    throw new LocalAwsServiceError(
      'ValidationError',
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_SESSION_SECONDS}`,
    );
  }
  if (seconds > (role.maxSessionDurationSeconds ?? 3600)) {
    throw new LocalAwsServiceError(
      'ValidationError',
      `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
    );
  }
  return seconds;
}

const ALPHABETS = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  mixed: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
} as const;

function token(length: number, alphabet: keyof typeof ALPHABETS): string {
  const letters = ALPHABETS[alphabet];
  return [...randomBytes(length)].map((byte) => letters[byte % letters.length]).join('');
}
