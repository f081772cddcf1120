// An in-memory decision log with the state table's semantics: per-model lease with expiry, the open
// decision, activation records and the audit trail, all keyed by model ARN.
import type { ActivationRecord, DecisionLease, DecisionLog, DecisionRecord } from '../../../lib/ports.js';

interface LeaseItem {
  owner: string | null;
  leaseUntil: number;
  seq: number;
  open: DecisionRecord | null;
}

export interface MemoryDecisionStore extends DecisionLog {
  /** Every decision record by model ARN and number, as last written. */
  readonly decisions: Map<string, DecisionRecord>;
  readonly activations: Map<string, ActivationRecord>;
  readonly leases: Map<string, LeaseItem>;
  /** Versions recordActivationRequest was called for, in order. */
  readonly requests: number[];
  /** Every write, in order, as "<method> <detail>" (for ordering assertions). */
  readonly writes: string[];
  /** The records of one model, oldest first. */
  trail(modelArn: string): DecisionRecord[];
}

const clone = <T>(value: T): T => structuredClone(value);

export function memoryDecisionStore(): MemoryDecisionStore {
  const decisions = new Map<string, DecisionRecord>();
  const activations = new Map<string, ActivationRecord>();
  const leases = new Map<string, LeaseItem>();
  const requests: number[] = [];
  const writes: string[] = [];
  const held = (arn: string, owner: string): LeaseItem => {
    const lease = leases.get(arn);
    if (!lease || lease.owner !== owner)
      throw new Error(`ConditionalCheckFailed: ${owner} does not hold ${arn}`);
    return lease;
  };
  const trail = (arn: string) =>
    [...decisions.values()].filter((d) => d.modelArn === arn).sort((a, b) => a.seq - b.seq);
  return {
    decisions,
    activations,
    leases,
    requests,
    writes,
    trail,
    async recordActivationRequest(arn, version, requestedAt, decisionId) {
      requests.push(version);
      writes.push(`request v${version}`);
      activations.set(`${arn}#${version}`, { version, requestedAt, decisionId, activatedAt: null });
    },
    async confirmActivation(arn, version, decisionId, activatedAt) {
      writes.push(`confirm v${version}`);
      const existing = activations.get(`${arn}#${version}`);
      activations.set(`${arn}#${version}`, {
        version,
        requestedAt: existing?.requestedAt ?? activatedAt,
        decisionId,
        activatedAt,
      });
    },
    async autopilotActivations(arn, versions) {
      const found = new Map<number, string>();
      for (const v of versions) {
        const a = activations.get(`${arn}#${v}`);
        if (a) found.set(v, a.requestedAt);
      }
      return found;
    },
    async activationRecord(arn, version) {
      const a = activations.get(`${arn}#${version}`);
      return a ? clone(a) : null;
    },
    async acquireDecisionLease(arn, owner, { nowMs, leaseMs }): Promise<DecisionLease | null> {
      const lease = leases.get(arn) ?? { owner: null, leaseUntil: 0, seq: 0, open: null };
      if (lease.owner !== null && lease.owner !== owner && lease.leaseUntil >= nowMs) return null;
      lease.owner = owner;
      lease.leaseUntil = nowMs + leaseMs;
      leases.set(arn, lease);
      return { seq: lease.seq, open: lease.open ? clone(lease.open) : null };
    },
    async openDecision(arn, owner, record) {
      const lease = held(arn, owner);
      writes.push(`open ${record.status} v${record.modelVersion}`);
      lease.open = clone(record);
      lease.seq = record.seq;
    },
    async closeDecision(arn, owner) {
      held(arn, owner).open = null;
    },
    async releaseDecisionLease(arn, owner) {
      const lease = leases.get(arn);
      if (lease?.owner === owner) {
        lease.owner = null;
        lease.leaseUntil = 0;
      }
    },
    async putDecision(record) {
      writes.push(`put ${record.status} ${record.detail.outcome} v${record.modelVersion}`);
      decisions.set(`${record.modelArn}#${record.seq}`, clone(record));
    },
    async markDecisionPublished(record) {
      const stored = decisions.get(`${record.modelArn}#${record.seq}`);
      if (stored) stored.published = true;
    },
    async listDecisions(arn, options) {
      return trail(arn)
        .reverse()
        .slice(0, options?.limit ?? Number.POSITIVE_INFINITY)
        .map(clone);
    },
  };
}
