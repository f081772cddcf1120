// A local EventBridge: PutEvents, DescribeEventBus, ListEventBuses, ListRules and TestEventPattern over
// awsJson1_1, plus in-process rules whose targets are functions. What the service would do with an
// event is what happens here, including its silences (an unknown bus accepts and drops the event).
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { JsonInput } from './aws-json.js';
import { createAwsJsonHandler, epochSeconds, optionalString } from './aws-json.js';
import { LocalAwsServiceError } from './errors.js';
import type { DeadLetterRecord, DeliveryRecord } from './event-bus-delivery.js';
import { DeliveryQueue } from './event-bus-delivery.js';
import type { DeliveredEnvelope } from './event-bus-entries.js';
import { buildEnvelope, checkEntry, checkRequest, entryFromWire } from './event-bus-entries.js';
import type { LocalRule } from './event-bus-rules.js';
import { busNotFound, page, testEventPattern, validateRule } from './event-bus-rules.js';
import { matchesEventPattern } from './event-pattern.js';
import { listen } from './http-server.js';
import { seededRandom } from './random.js';

export type { DeadLetterRecord, DeliveryRecord, LocalTarget, RetryPolicy } from './event-bus-delivery.js';
export { DEFAULT_RETRY_POLICY, DrainLimitError } from './event-bus-delivery.js';
export type { DeliveredEnvelope } from './event-bus-entries.js';
export {
  formatEventTime,
  MAX_ENTRIES_PER_REQUEST,
  MAX_REQUEST_SIZE_BYTES,
  putEventsEntrySize,
} from './event-bus-entries.js';
export type { LocalRule } from './event-bus-rules.js';

export interface EventBusFaults {
  seed?: number;
  /** Probability that a valid entry fails with ErrorCode InternalFailure. */
  failEntryProbability?: number;
  /** Probability that a whole request fails with ThrottlingException. */
  throttleRequestProbability?: number;
}

export interface LocalEventBusOptions {
  host?: string;
  port?: number;
  accountId?: string;
  region?: string;
  buses: string[];
  faults?: EventBusFaults;
  /** Base of the exponential retry backoff; 0 (the default) retries at once but still counts attempts. */
  retryBaseDelayMs?: number;
}

export interface ReplayOptions {
  from: Date;
  to: Date;
  /** Replays the archive of this bus only; all buses when absent. */
  eventBusName?: string;
  /** Limits redelivery to these rules (the replay's FilterArns); all rules of the bus when absent. */
  ruleNames?: string[];
  name?: string;
}

export interface LocalEventBus {
  readonly url: string;
  addRule(rule: LocalRule): void;
  setFaults(faults: EventBusFaults): void;
  /** Every event accepted onto a known bus, in order (the bus archive). */
  accepted(): DeliveredEnvelope[];
  /** Events accepted for a bus that does not exist: the service answers with an EventId and drops them. */
  unroutable(): Array<{ eventBusName: string; event: DeliveredEnvelope }>;
  deliveries(): DeliveryRecord[];
  deadLetters(): DeadLetterRecord[];
  /** Resolves once every delivery, including those of events put by targets meanwhile, has finished. */
  drain(): Promise<void>;
  putEvents(entries: PutEventsRequestEntry[]): PutEventsResultEntry[];
  replay(options: ReplayOptions): { replayName: string; eventCount: number };
  close(): Promise<void>;
}

interface ArchivedEvent {
  eventBusName: string;
  event: DeliveredEnvelope;
  acceptedAtMs: number;
}

export async function startLocalEventBus(options: LocalEventBusOptions): Promise<LocalEventBus> {
  const state = new EventBusState(options);
  const server = await listen(
    createAwsJsonHandler({
      targetPrefix: 'AWSEvents',
      internalErrorCode: 'InternalException',
      operations: state.operations(),
    }),
    options,
  );
  return {
    url: server.url,
    addRule: (rule) => state.addRule(rule),
    setFaults: (faults) => state.setFaults(faults),
    accepted: () => state.archive.map((archived) => structuredClone(archived.event)),
    unroutable: () => structuredClone(state.unroutableEvents),
    deliveries: () => state.queue.deliveries(),
    deadLetters: () => state.queue.deadLetters(),
    drain: () => state.queue.drain(),
    putEvents: (entries) => state.putEvents(entries),
    replay: (replayOptions) => state.replay(replayOptions),
    close: () => server.close(),
  };
}

class EventBusState {
  readonly account: string;
  readonly region: string;
  readonly archive: ArchivedEvent[] = [];
  readonly unroutableEvents: Array<{ eventBusName: string; event: DeliveredEnvelope }> = [];
  readonly queue: DeliveryQueue;
  private readonly rules = new Map<string, Map<string, LocalRule>>();
  private readonly createdAt = new Date();
  private faults: Required<EventBusFaults> = {
    seed: 0,
    failEntryProbability: 0,
    throttleRequestProbability: 0,
  };
  private random = seededRandom(0);
  private replayCount = 0;

  constructor(options: LocalEventBusOptions) {
    this.account = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.queue = new DeliveryQueue(options.retryBaseDelayMs ?? 0);
    for (const bus of ['default', ...options.buses]) this.rules.set(bus, this.rules.get(bus) ?? new Map());
    this.setFaults(options.faults ?? {});
  }

  setFaults(faults: EventBusFaults): void {
    this.faults = {
      seed: faults.seed ?? 0,
      failEntryProbability: faults.failEntryProbability ?? 0,
      throttleRequestProbability: faults.throttleRequestProbability ?? 0,
    };
    this.random = seededRandom(this.faults.seed);
  }

  addRule(rule: LocalRule): void {
    const bus = this.rules.get(this.busName(rule.eventBusName));
    if (bus === undefined) throw busNotFound(rule.eventBusName);
    validateRule(rule);
    // PutRule is an upsert: the same name on the same bus replaces the rule.
    bus.set(rule.name, { ...rule, targets: [...rule.targets] });
  }

  putEvents(entries: readonly PutEventsRequestEntry[]): PutEventsResultEntry[] {
    if (
      this.faults.throttleRequestProbability > 0 &&
      this.random() < this.faults.throttleRequestProbability
    ) {
      throw new LocalAwsServiceError('ThrottlingException', 'Rate exceeded');
    }
    checkRequest(entries);
    const now = new Date();
    return entries.map((entry) => this.putEntry(entry, now));
  }

  private putEntry(entry: PutEventsRequestEntry, now: Date): PutEventsResultEntry {
    const checked = checkEntry(entry);
    if (!checked.ok) return { ErrorCode: checked.errorCode, ErrorMessage: checked.errorMessage };
    if (this.faults.failEntryProbability > 0 && this.random() < this.faults.failEntryProbability) {
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal Service Failure' };
    }
    const event = buildEnvelope(entry, checked, { account: this.account, region: this.region, now });
    const eventBusName = this.busName(entry.EventBusName);
    const rules = this.rules.get(eventBusName);
    if (rules === undefined) {
      this.unroutableEvents.push({ eventBusName, event });
    } else {
      this.archive.push({ eventBusName, event, acceptedAtMs: now.getTime() });
      this.route(event, rules.values(), now.getTime());
    }
    return { EventId: event.id };
  }

  private route(event: DeliveredEnvelope, rules: Iterable<LocalRule>, acceptedAtMs: number): void {
    for (const rule of rules) {
      if (!matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      for (const target of rule.targets)
        this.queue.schedule({ rule: rule.name, target, event, acceptedAtMs });
    }
  }

  replay(options: ReplayOptions): { replayName: string; eventCount: number } {
    if (options.from.getTime() > options.to.getTime()) {
      throw new LocalAwsServiceError('ValidationException', 'Parameter EventEndTime is not valid.');
    }
    const busFilter = options.eventBusName === undefined ? undefined : this.busName(options.eventBusName);
    if (busFilter !== undefined && !this.rules.has(busFilter)) throw busNotFound(busFilter);
    this.replayCount += 1;
    const replayName = options.name ?? `replay-${this.replayCount}`;
    // Envelope times carry whole seconds, so the start bound is compared at that precision.
    const fromMs = Math.floor(options.from.getTime() / 1000) * 1000;
    const selected = this.archive.filter((archived) => {
      const at = Date.parse(archived.event.time);
      return (
        (busFilter === undefined || archived.eventBusName === busFilter) &&
        at >= fromMs &&
        at <= options.to.getTime()
      );
    });
    for (const archived of selected) {
      const rules = this.replayRules(archived.eventBusName, options.ruleNames);
      this.route({ ...archived.event, 'replay-name': replayName }, rules, Date.now());
    }
    return { replayName, eventCount: selected.length };
  }

  private replayRules(eventBusName: string, ruleNames: string[] | undefined): LocalRule[] {
    const rules = [...(this.rules.get(eventBusName)?.values() ?? [])];
    if (ruleNames === undefined) return rules;
    const unknown = ruleNames.filter((name) => !rules.some((rule) => rule.name === name));
    if (unknown.length > 0) {
      throw new LocalAwsServiceError(
        'ResourceNotFoundException',
        `Rule ${unknown.join(', ')} does not exist.`,
      );
    }
    return rules.filter((rule) => ruleNames.includes(rule.name));
  }

  /** Accepts a bus name or ARN; an absent or empty name means the default bus. */
  busName(nameOrArn: string | undefined): string {
    if (!nameOrArn) return 'default';
    const arn = /^arn:[^:]+:events:([^:]*):([^:]*):event-bus\/(.+)$/.exec(nameOrArn);
    if (arn === null) return nameOrArn;
    const [, region, account, name] = arn;
    return region === this.region && account === this.account ? (name ?? nameOrArn) : nameOrArn;
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.region}:${this.account}:event-bus/${name}`;
  }

  ruleArn(bus: string, rule: string): string {
    const path = bus === 'default' ? rule : `${bus}/${rule}`;
    return `arn:aws:events:${this.region}:${this.account}:rule/${path}`;
  }

  operations(): Record<string, (input: JsonInput) => unknown> {
    return {
      PutEvents: (input) => this.putEventsOperation(input),
      DescribeEventBus: (input) => this.describeEventBus(input),
      ListEventBuses: (input) => this.listEventBuses(input),
      ListRules: (input) => this.listRules(input),
      TestEventPattern: (input) => testEventPattern(input),
    };
  }

  private putEventsOperation(input: JsonInput) {
    if (!Array.isArray(input.Entries)) {
      throw new LocalAwsServiceError(
        'ValidationException',
        "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
      );
    }
    const results = this.putEvents(input.Entries.map(entryFromWire));
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  private busSummary(name: string) {
    const time = epochSeconds(this.createdAt);
    return { Name: name, Arn: this.busArn(name), CreationTime: time, LastModifiedTime: time };
  }

  private describeEventBus(input: JsonInput) {
    const name = this.busName(optionalString(input, 'Name'));
    if (!this.rules.has(name)) throw busNotFound(name);
    return this.busSummary(name);
  }

  private listEventBuses(input: JsonInput) {
    const prefix = optionalString(input, 'NamePrefix') ?? '';
    const names = [...this.rules.keys()].filter((name) => name.startsWith(prefix)).sort();
    return page(
      names.map((name) => this.busSummary(name)),
      'EventBuses',
      input,
    );
  }

  private listRules(input: JsonInput) {
    const bus = this.busName(optionalString(input, 'EventBusName'));
    const rules = this.rules.get(bus);
    if (rules === undefined) throw busNotFound(bus);
    const prefix = optionalString(input, 'NamePrefix') ?? '';
    const summaries = [...rules.values()]
      .filter((rule) => rule.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((rule) => ({
        Name: rule.name,
        Arn: this.ruleArn(bus, rule.name),
        EventPattern: JSON.stringify(rule.pattern),
        State: 'ENABLED',
        EventBusName: bus,
      }));
    return page(summaries, 'Rules', input);
  }
}
