// A local SNS over awsQuery: topics, subscriptions and Publish with the service's validation, recording
// every accepted message and handing it to in-process listeners (how local alerts become visible).
import { randomUUID } from 'node:crypto';
import type { XmlValue } from './aws-query.js';
import { createAwsQueryHandler, indexedEntries, XmlMap } from './aws-query.js';
import { LocalAwsServiceError } from './errors.js';
import { listen } from './http-server.js';
import type { MessageAttribute } from './sns-rules.js';
import {
  invalidParameter,
  MAX_PAYLOAD_BYTES,
  parseMessageAttributes,
  payloadBytes,
  SUBSCRIPTION_PROTOCOLS,
  validateStructuredMessage,
  validateSubject,
  validateTopicName,
} from './sns-rules.js';

export type { MessageAttribute } from './sns-rules.js';

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, MessageAttribute>;
  messageId: string;
  /** ISO-8601 time the message was accepted. */
  at: string;
  messageStructure?: string;
  messageGroupId?: string;
}

export type PublishListener = (message: PublishedMessage) => void;

export interface LocalSns {
  readonly url: string;
  /** Creates the topic (idempotent, like CreateTopic) and returns its ARN. */
  createTopic(name: string): string;
  /** Subscribes an endpoint (idempotent, like Subscribe) and returns the subscription's ARN. */
  subscribe(subscription: LocalSubscription): string;
  subscriptions(topicArn: string): LocalSubscription[];
  published(): PublishedMessage[];
  /** Calls the listener for every message accepted from now on; returns an unsubscribe function. */
  onPublish(listener: PublishListener): () => void;
  close(): Promise<void>;
}

interface Topic {
  arn: string;
  attributes: Record<string, string>;
}

export interface LocalSubscription {
  topicArn: string;
  protocol: string;
  endpoint: string;
  /** Kept as given; local topics deliver to in-process listeners only, so no policy filters anything. */
  filterPolicy?: unknown;
  filterPolicyScope?: string;
}

interface Subscription extends LocalSubscription {
  arn: string;
}

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const LIST_PAGE_SIZE = 100;

export async function startLocalSns(
  options: { host?: string; port?: number; accountId?: string; region?: string } = {},
): Promise<LocalSns> {
  const state = new SnsState(options.region ?? 'us-east-1', options.accountId ?? '123456789012');
  const server = await listen(
    createAwsQueryHandler({ xmlNamespace: XML_NAMESPACE, operations: state.operations() }),
    options,
  );
  return {
    url: server.url,
    createTopic: (name) => state.createTopic(name, {}),
    subscribe: (subscription) => state.addSubscription(subscription),
    subscriptions: (topicArn) =>
      state.subscriptionsOf(topicArn).map(({ arn: _, ...subscription }) => structuredClone(subscription)),
    published: () => structuredClone(state.messages),
    onPublish: (listener) => {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
    close: () => server.close(),
  };
}

class SnsState {
  readonly messages: PublishedMessage[] = [];
  readonly listeners = new Set<PublishListener>();
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly region: string,
    private readonly account: string,
  ) {}

  operations(): Record<string, (params: URLSearchParams) => XmlValue | undefined> {
    return {
      CreateTopic: (p) => ({ TopicArn: this.createTopic(required(p, 'Name'), attributesOf(p)) }),
      DeleteTopic: (p) => this.deleteTopic(required(p, 'TopicArn')),
      GetTopicAttributes: (p) => this.topicAttributes(required(p, 'TopicArn')),
      ListTopics: (p) => this.listTopics(p.get('NextToken')),
      Publish: (p) => ({ MessageId: this.publish(p) }),
      Subscribe: (p) => ({ SubscriptionArn: this.subscribe(p) }),
      Unsubscribe: (p) => this.unsubscribe(required(p, 'SubscriptionArn')),
      ListSubscriptionsByTopic: (p) => this.listSubscriptions(required(p, 'TopicArn'), p.get('NextToken')),
    };
  }

  createTopic(name: string, attributes: Record<string, string>): string {
    const fifo = attributes.FifoTopic === 'true';
    validateTopicName(name, fifo);
    const arn = `arn:aws:sns:${this.region}:${this.account}:${name}`;
    if (!this.topics.has(arn)) this.topics.set(arn, { arn, attributes: { ...attributes } });
    return arn;
  }

  private topic(arn: string): Topic {
    const topic = this.topics.get(arn);
    if (topic === undefined) throw new LocalAwsServiceError('NotFound', 'Topic does not exist', 404);
    return topic;
  }

  private deleteTopic(arn: string): undefined {
    this.topics.delete(arn);
    for (let i = this.subscriptions.length - 1; i >= 0; i -= 1) {
      if (this.subscriptions[i]?.topicArn === arn) this.subscriptions.splice(i, 1);
    }
    return undefined;
  }

  private topicAttributes(arn: string): XmlValue {
    const topic = this.topic(arn);
    const confirmed = this.subscriptions.filter((s) => s.topicArn === arn).length;
    return {
      Attributes: new XmlMap({
        DisplayName: '',
        ...topic.attributes,
        TopicArn: arn,
        Owner: this.account,
        SubscriptionsConfirmed: String(confirmed),
        SubscriptionsPending: '0',
        SubscriptionsDeleted: '0',
      }),
    };
  }

  private listTopics(token: string | null): XmlValue {
    const arns = [...this.topics.keys()].sort();
    const { items, next } = page(arns, token);
    return { Topics: items.map((arn) => ({ TopicArn: arn })), NextToken: next };
  }

  private publish(params: URLSearchParams): string {
    const topicArn = publishTarget(params);
    const message = params.get('Message');
    if (message === null) {
      throw new LocalAwsServiceError(
        'ValidationError',
        "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
      );
    }
    const topic = this.topic(topicArn);
    if (message === '') throw invalidParameter('Empty message');
    const published: PublishedMessage = {
      topicArn,
      message,
      ...publishOptions(params, message, topic.attributes.FifoTopic === 'true'),
      messageId: randomUUID(),
      at: new Date().toISOString(),
    };
    this.messages.push(published);
    // A throwing listener fails the Publish loudly (HTTP 500) rather than losing the error.
    for (const listener of this.listeners) listener(structuredClone(published));
    return published.messageId;
  }

  private subscribe(params: URLSearchParams): string {
    return this.addSubscription({
      topicArn: required(params, 'TopicArn'),
      protocol: required(params, 'Protocol'),
      endpoint: params.get('Endpoint') ?? '',
    });
  }

  subscriptionsOf(topicArn: string): Subscription[] {
    return this.subscriptions.filter((s) => s.topicArn === topicArn);
  }

  addSubscription(subscription: LocalSubscription): string {
    const { topicArn, protocol, endpoint } = subscription;
    if (!(SUBSCRIPTION_PROTOCOLS as readonly string[]).includes(protocol)) {
      throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
    }
    this.topic(topicArn);
    validateEndpoint(protocol, endpoint);
    const existing = this.subscriptions.find(
      (s) => s.topicArn === topicArn && s.protocol === protocol && s.endpoint === endpoint,
    );
    if (existing !== undefined) return existing.arn;
    // Nothing on loopback can receive a confirmation, so local subscriptions start confirmed.
    const added = { ...subscription, arn: `${topicArn}:${randomUUID()}` };
    this.subscriptions.push(added);
    return added.arn;
  }

  private unsubscribe(arn: string): undefined {
    const index = this.subscriptions.findIndex((s) => s.arn === arn);
    if (index < 0) throw new LocalAwsServiceError('NotFound', 'Subscription does not exist', 404);
    this.subscriptions.splice(index, 1);
    return undefined;
  }

  private listSubscriptions(topicArn: string, token: string | null): XmlValue {
    this.topic(topicArn);
    const { items, next } = page(
      this.subscriptions.filter((s) => s.topicArn === topicArn),
      token,
    );
    return {
      Subscriptions: items.map((s) => ({
        TopicArn: s.topicArn,
        Protocol: s.protocol,
        SubscriptionArn: s.arn,
        Owner: this.account,
        Endpoint: s.endpoint,
      })),
      NextToken: next,
    };
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    throw invalidParameter(`${name} Reason: no value for required parameter`);
  }
  return value;
}

function attributesOf(params: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const entry of indexedEntries(params, 'Attributes.entry.')) {
    if (entry.key !== undefined) attributes[entry.key] = entry.value ?? '';
  }
  return attributes;
}

function validateEndpoint(protocol: string, endpoint: string): void {
  const ok =
    protocol === 'email' || protocol === 'email-json'
      ? /^[^@\s]+@[^@\s]+$/.test(endpoint)
      : protocol === 'http' || protocol === 'https'
        ? endpoint.startsWith(`${protocol}://`)
        : protocol === 'sms'
          ? /^\+?[0-9]{5,15}$/.test(endpoint)
          : endpoint.startsWith('arn:');
  if (!ok) throw invalidParameter(`Invalid ${protocol} endpoint: ${endpoint}`);
}

function page<T>(all: T[], token: string | null): { items: T[]; next: string | undefined } {
  const start = token === null ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('NextToken');
  const end = start + LIST_PAGE_SIZE;
  return { items: all.slice(start, end), next: end < all.length ? String(end) : undefined };
}

/** The topic a Publish names (TopicArn, or TargetArn); SMS to a phone number is not offered. */
function publishTarget(params: URLSearchParams): string {
  const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
  if (topicArn) return topicArn;
  throw params.has('PhoneNumber')
    ? invalidParameter('PhoneNumber Reason: SMS delivery is not offered by this endpoint')
    : invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
}

/** A Publish's subject, attributes, structure and group, each checked in the order SNS checks them. */
function publishOptions(
  params: URLSearchParams,
  message: string,
  fifo: boolean,
): Pick<PublishedMessage, 'subject' | 'attributes' | 'messageStructure' | 'messageGroupId'> {
  const subject = params.get('Subject') ?? undefined;
  if (subject !== undefined) validateSubject(subject);
  const attributes = parseMessageAttributes(indexedEntries(params, 'MessageAttributes.entry.'));
  if (payloadBytes(message, attributes) > MAX_PAYLOAD_BYTES) throw invalidParameter('Message too long');
  const messageStructure = params.get('MessageStructure') ?? undefined;
  if (messageStructure === 'json') validateStructuredMessage(message);
  else if (messageStructure !== undefined) throw invalidParameter('MessageStructure');
  const messageGroupId = params.get('MessageGroupId') ?? undefined;
  if (fifo && messageGroupId === undefined) {
    throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  }
  return {
    ...(subject === undefined ? {} : { subject }),
    attributes,
    ...(messageStructure === undefined ? {} : { messageStructure }),
    ...(messageGroupId === undefined ? {} : { messageGroupId }),
  };
}
