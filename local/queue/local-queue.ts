import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageQueue, QueueMessage } from '../../shared/queue/message-queue';

export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  name: string;
  /** How long a received message stays invisible before it may be received again. */
  visibilityTimeoutMs?: number;
  /** After this many failed receives a message moves to the dead-letter queue. */
  maxReceiveCount?: number;
  batchSize?: number;
  /** FIFO deduplication window (SQS: 5 minutes). */
  deduplicationWindowMs?: number;
  /** The consumer's timeout, like its Lambda's: a batch that takes longer counts as failed. */
  consumerTimeoutMs?: number;
  deadLetterQueue?: LocalQueue;
  /** When set, the queue survives restarts: its state is rewritten atomically after each change. */
  persistPath?: string;
  now?: () => number;
}

export interface StoredMessage extends QueueMessage {
  messageId: string;
  sentAt: number;
  receiveCount: number;
  /** Not receivable before this time (set while in flight or waiting for a retry). */
  visibleAt: number;
  inFlight: boolean;
}

export interface MessageLogEntry {
  messageId: string;
  groupId: string;
  attributes: Record<string, string>;
  sentAt: number;
  state: 'queued' | 'delivered' | 'dead-lettered';
}

interface PersistedState {
  messages: StoredMessage[];
  deduplication: Array<[string, number]>;
  log: MessageLogEntry[];
}

const LOG_SIZE = 50;

/**
 * An in-process queue with the SQS FIFO semantics the functions rely on: ordered
 * groups (a group with a message in flight is held back), batches, partial batch
 * failures (`batchItemFailures`), retries after the visibility timeout, a
 * dead-letter queue after `maxReceiveCount` receives, and a deduplication window.
 */
export class LocalQueue implements MessageQueue {
  readonly name: string;
  private readonly visibilityTimeoutMs: number;
  private readonly maxReceiveCount: number;
  private readonly batchSize: number;
  private readonly deduplicationWindowMs: number;
  private readonly now: () => number;
  private messages: StoredMessage[] = [];
  private deduplication = new Map<string, number>();
  private log: MessageLogEntry[] = [];
  private consumer?: QueueConsumer;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.name;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.batchSize = options.batchSize ?? 10;
    this.deduplicationWindowMs = options.deduplicationWindowMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.restore();
  }

  async send(message: QueueMessage): Promise<void> {
    for (const [name, value] of Object.entries(message.attributes ?? {})) {
      // As SQS does: an attribute must have a name and a non-empty value.
      if (!name || value === '') throw new Error(`message attribute ${name || '(unnamed)'} must not be empty`);
    }
    const now = this.now();
    const seenAt = this.deduplication.get(message.deduplicationId);
    if (seenAt !== undefined && now - seenAt < this.deduplicationWindowMs) return;
    this.deduplication.set(message.deduplicationId, now);
    const stored: StoredMessage = { ...message, messageId: randomUUID(), sentAt: now, receiveCount: 0, visibleAt: now, inFlight: false };
    this.messages.push(stored);
    this.log.unshift({ messageId: stored.messageId, groupId: stored.groupId, attributes: stored.attributes ?? {}, sentAt: now, state: 'queued' });
    this.log.length = Math.min(this.log.length, LOG_SIZE);
    this.persist();
    this.kick();
  }

  /** Messages waiting or in flight (not dead-lettered). */
  depth(): number {
    return this.messages.length;
  }

  peek(): readonly StoredMessage[] {
    return this.messages;
  }

  /** The most recent messages sent, newest first, with what became of them. */
  recent(): readonly MessageLogEntry[] {
    return this.log;
  }

  /** Attaches the function that consumes this queue, like an SQS event source mapping. */
  setConsumer(consumer: QueueConsumer): void {
    this.consumer = consumer;
    this.kick();
  }

  /** Polls for due retries; `kick` also runs a pass whenever a message arrives. */
  start(pollMs = 250): void {
    this.timer ??= setInterval(() => this.kick(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.draining;
    this.persist();
  }

  /** Runs delivery passes until nothing is deliverable now; resolves when done (tests await it). */
  drain(): Promise<void> {
    this.draining ??= this.deliverAll().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private kick(): void {
    if (this.consumer) void this.drain();
  }

  private async deliverAll(): Promise<void> {
    for (let batch = this.receive(); batch.length > 0; batch = this.receive()) {
      await this.deliver(batch);
    }
  }

  /** One batch: visible messages, oldest first, skipping groups that have a message in flight or ahead. */
  private receive(): StoredMessage[] {
    if (!this.consumer) return [];
    const now = this.now();
    const blocked = new Set<string>();
    const batch: StoredMessage[] = [];
    for (const message of this.messages) {
      if (batch.length >= this.batchSize) break;
      if (blocked.has(message.groupId)) continue;
      if (message.inFlight || message.visibleAt > now) {
        blocked.add(message.groupId);
        continue;
      }
      batch.push(message);
    }
    for (const message of batch) {
      message.inFlight = true;
      message.receiveCount += 1;
      message.visibleAt = now + this.visibilityTimeoutMs;
    }
    return batch;
  }

  private async deliver(batch: StoredMessage[]): Promise<void> {
    let failed: Set<string>;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('consumer timed out')), this.options.consumerTimeoutMs ?? 60_000);
      });
      // As with a Lambda that times out, the consumer is not stopped; its batch just counts as failed.
      const response = await Promise.race([this.consumer!({ Records: batch.map((m) => this.toRecord(m)) }), timeout]);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.messageId));
    } finally {
      clearTimeout(timer);
    }
    const now = this.now();
    for (const message of batch) {
      message.inFlight = false;
      if (!failed.has(message.messageId)) {
        this.remove(message, 'delivered');
      } else if (message.receiveCount >= this.maxReceiveCount && this.options.deadLetterQueue) {
        this.remove(message, 'dead-lettered');
        await this.options.deadLetterQueue.send({ ...message, deduplicationId: `${message.deduplicationId}:dlq:${message.messageId}` });
      } else {
        message.visibleAt = now + this.visibilityTimeoutMs;
      }
    }
    this.persist();
  }

  private remove(message: StoredMessage, state: MessageLogEntry['state']): void {
    this.messages = this.messages.filter((m) => m !== message);
    const entry = this.log.find((e) => e.messageId === message.messageId);
    if (entry) entry.state = state;
  }

  private toRecord(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}:${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(this.now()),
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.attributes ?? {}).map(([name, value]) => [name, { dataType: 'String', stringValue: value }]),
      ),
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.name}`,
      awsRegion: 'local',
    };
  }

  private persist(): void {
    const file = this.options.persistPath;
    if (!file) return;
    const now = this.now();
    for (const [id, at] of this.deduplication) if (now - at >= this.deduplicationWindowMs) this.deduplication.delete(id);
    const state: PersistedState = { messages: this.messages, deduplication: [...this.deduplication], log: this.log };
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  }

  private restore(): void {
    const file = this.options.persistPath;
    if (!file) return;
    let state: PersistedState;
    try {
      state = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`queue state ${file} is unreadable: ${(error as Error).message}`);
    }
    // A message in flight when the process stopped is received again, as after a visibility timeout;
    // one waiting for a retry keeps waiting.
    this.messages = state.messages.map((m) => (m.inFlight ? { ...m, inFlight: false, visibleAt: this.now() } : m));
    this.deduplication = new Map(state.deduplication);
    this.log = state.log;
  }
}
