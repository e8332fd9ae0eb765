import { createHash } from 'node:crypto';
import type { QueueMessage } from '../queue/message-queue';
import { eventEntityKey, type WeComEvent } from '../wecom/events';

/** What the events queue carries: the validated event and the exact plaintext it came from. */
export interface CallbackEventMessage {
  version: 1;
  corpId: string;
  type: string;
  receivedAt: string;
  deduplicationId: string;
  event: WeComEvent;
  xml: string;
}

const MAX_GROUP_ID = 128;

/**
 * The event's identity is a digest of its decrypted payload: WeCom retries an event
 * with fresh ciphertext but the same plaintext, while two distinct events (even of
 * one user in the same second) differ somewhere in it.
 */
export function eventDeduplicationId(corpId: string, xml: string): string {
  return createHash('sha256').update(corpId).update('\n').update(xml).digest('hex');
}

/** Events about one entity of one corp are processed in order; other entities run in parallel. */
export function eventGroupId(corpId: string, event: WeComEvent): string {
  return `${corpId}:${eventEntityKey(event)}`.slice(0, MAX_GROUP_ID);
}

export function buildEventMessage(input: { corpId: string; event: WeComEvent; xml: string; receivedAt: Date }): QueueMessage {
  const deduplicationId = eventDeduplicationId(input.corpId, input.xml);
  const body: CallbackEventMessage = {
    version: 1,
    corpId: input.corpId,
    type: input.event.type,
    receivedAt: input.receivedAt.toISOString(),
    deduplicationId,
    event: input.event,
    xml: input.xml,
  };
  return {
    groupId: eventGroupId(input.corpId, input.event),
    deduplicationId,
    body: JSON.stringify(body),
    // SQS refuses empty attribute values, and an unknown event may lack CreateTime.
    attributes: { corpId: input.corpId, eventType: input.event.type, ...(input.event.createTime ? { createTime: input.event.createTime } : {}) },
  };
}
