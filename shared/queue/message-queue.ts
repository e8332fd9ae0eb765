/** One message for a FIFO queue: ordered within its group, deduplicated by id. */
export interface QueueMessage {
  /** Messages of one group are delivered in order, one batch at a time. */
  groupId: string;
  /** A second send with the same id inside the queue's window is dropped. */
  deduplicationId: string;
  body: string;
  /** Small string attributes for routing and display (never secrets). */
  attributes?: Record<string, string>;
}

/** Durable queue send: resolves only once the queue has accepted the message. */
export interface MessageQueue {
  send(message: QueueMessage): Promise<void>;
}
