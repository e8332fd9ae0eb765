import { randomUUID } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { MessageQueue, QueueMessage } from '../queue/message-queue';

/** How long a received event is remembered: far longer than WeCom's retries (3 within a minute or so). */
export const DEDUPE_WINDOW_SECONDS = 24 * 60 * 60;

export type PublishOutcome = 'enqueued' | 'duplicate';

/**
 * Sends each message to the queue at most once per deduplication id, across all
 * instances: the id is claimed in DynamoDB (INPROGRESS), the message is sent, then
 * the claim is completed. A failed send deletes the claim so WeCom's retry can try
 * again; a concurrent duplicate gets IdempotencyAlreadyInProgressError (answer 5xx,
 * WeCom retries); a later duplicate is recognised and not sent again. SQS FIFO's own
 * 5-minute deduplication window stays as a second guard.
 */
export class PublishOnce {
  private readonly config: IdempotencyConfig;
  private readonly publish: (request: { deduplicationId: string; attempt: string; message: QueueMessage }) => Promise<string>;

  constructor(queue: MessageQueue, persistenceStore: BasePersistenceLayer, windowSeconds = DEDUPE_WINDOW_SECONDS) {
    this.config = new IdempotencyConfig({ eventKeyJmesPath: 'deduplicationId', expiresAfterSeconds: windowSeconds });
    this.publish = makeIdempotent(
      async (request: { deduplicationId: string; attempt: string; message: QueueMessage }) => {
        await queue.send(request.message);
        return request.attempt;
      },
      { persistenceStore, config: this.config, keyPrefix: 'callback-event' },
    );
  }

  /**
   * Lets an INPROGRESS claim expire with the invocation: a Lambda that dies mid-send
   * must not block WeCom's retries for the whole window.
   */
  registerInvocation(context: Context): void {
    this.config.registerLambdaContext(context);
  }

  async send(message: QueueMessage): Promise<PublishOutcome> {
    // The stored result is the attempt id of the call that sent the message; any other id means we are a repeat.
    const attempt = randomUUID();
    const sentBy = await this.publish({ deduplicationId: message.deduplicationId, attempt, message });
    return sentBy === attempt ? 'enqueued' : 'duplicate';
  }
}
