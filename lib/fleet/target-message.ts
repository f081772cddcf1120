// The fleet queue's message: one target's cycle, `{account, region, cycleAt}` as JSON. The dispatcher
// writes it; the per-target poller parses it at its edge and refuses anything else.
import * as z from 'zod/mini';

export interface TargetMessage {
  account: string;
  region: string;
  /** When the dispatcher's cycle ran (ISO-8601): the cycle this message belongs to. */
  cycleAt: string;
}

const targetMessageSchema: z.ZodMiniType<TargetMessage> = z.strictObject({
  account: z.string().check(z.regex(/^\d{12}$/)),
  region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/)),
  cycleAt: z.iso.datetime(),
});

export class TargetMessageError extends Error {
  override readonly name = 'TargetMessageError';
}

export function encodeTargetMessage(message: TargetMessage): string {
  return JSON.stringify({ account: message.account, region: message.region, cycleAt: message.cycleAt });
}

/** The message in `body`, or a TargetMessageError saying what is wrong with it (never echoing it). */
export function parseTargetMessage(body: string): TargetMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new TargetMessageError('the message body is not JSON');
  }
  const result = z.safeParse(targetMessageSchema, raw);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.map(String).join('.') || '(body)');
  throw new TargetMessageError(`the message is not {account, region, cycleAt}: check ${fields.join(', ')}`);
}
