import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { LocalQueue } from '../../local/queue/local-queue';

function message(groupId: string, id: string) {
  return { groupId, deduplicationId: id, body: JSON.stringify({ id }), attributes: { id } };
}

describe('LocalQueue (SQS FIFO semantics)', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('delivers in batches, in order within a group', async () => {
    const queue = new LocalQueue({ name: 'q', batchSize: 2, now });
    for (const id of ['a1', 'a2', 'a3']) await queue.send(message('a', id));
    const seen: string[][] = [];
    queue.setConsumer(async (event) => {
      seen.push(event.Records.map((r) => JSON.parse(r.body).id));
    });
    await queue.drain();
    expect(seen).toEqual([['a1', 'a2'], ['a3']]);
    expect(queue.depth()).toBe(0);
    expect(queue.recent().map((e) => e.state)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('drops a duplicate inside the deduplication window and accepts it after', async () => {
    const queue = new LocalQueue({ name: 'q', deduplicationWindowMs: 1000, now });
    await queue.send(message('a', 'same'));
    await queue.send(message('a', 'same'));
    expect(queue.depth()).toBe(1);
    clock += 1001;
    await queue.send(message('a', 'same'));
    expect(queue.depth()).toBe(2);
  });

  it('retries only the failed items of a partial batch failure, after the visibility timeout', async () => {
    const queue = new LocalQueue({ name: 'q', visibilityTimeoutMs: 100, now });
    await queue.send(message('a', 'ok'));
    await queue.send(message('b', 'bad'));
    const calls: string[][] = [];
    queue.setConsumer(async (event: SQSEvent) => {
      calls.push(event.Records.map((r) => JSON.parse(r.body).id));
      const bad = event.Records.filter((r) => JSON.parse(r.body).id === 'bad');
      return { batchItemFailures: bad.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    await queue.drain();
    expect(calls).toEqual([['ok', 'bad']]);
    expect(queue.peek().map((m) => JSON.parse(m.body).id)).toEqual(['bad']);
    await queue.drain();
    expect(calls).toHaveLength(1); // not visible yet
    clock += 101;
    await queue.drain();
    expect(calls).toEqual([['ok', 'bad'], ['bad']]);
    expect(queue.peek()[0]!.receiveCount).toBe(2);
  });

  it('holds back a group behind its failed message, but not other groups', async () => {
    const queue = new LocalQueue({ name: 'q', visibilityTimeoutMs: 100, now });
    await queue.send(message('a', 'a1'));
    await queue.send(message('a', 'a2'));
    await queue.send(message('b', 'b1'));
    let failA1 = true;
    const delivered: string[] = [];
    queue.setConsumer(async (event) => {
      const failures = [];
      let groupAFailed = false;
      for (const record of event.Records) {
        const { id } = JSON.parse(record.body);
        if ((id === 'a1' && failA1) || (groupAFailed && id.startsWith('a'))) {
          groupAFailed = true;
          failures.push({ itemIdentifier: record.messageId });
        } else delivered.push(id);
      }
      return { batchItemFailures: failures };
    });
    await queue.drain();
    expect(delivered).toEqual(['b1']);
    failA1 = false;
    clock += 101;
    await queue.drain();
    expect(delivered).toEqual(['b1', 'a1', 'a2']);
  });

  it('moves a message to the dead-letter queue after maxReceiveCount failures; a thrown error fails the whole batch', async () => {
    const dlq = new LocalQueue({ name: 'dlq', now });
    const queue = new LocalQueue({ name: 'q', visibilityTimeoutMs: 10, maxReceiveCount: 3, deadLetterQueue: dlq, now });
    await queue.send(message('a', 'poison'));
    let attempts = 0;
    queue.setConsumer(async () => {
      attempts += 1;
      throw new Error('boom');
    });
    for (let i = 0; i < 5; i++) {
      await queue.drain();
      clock += 11;
    }
    expect(attempts).toBe(3);
    expect(queue.depth()).toBe(0);
    expect(dlq.peek().map((m) => JSON.parse(m.body).id)).toEqual(['poison']);
    expect(queue.recent()[0]!.state).toBe('dead-lettered');
  });

  it('keeps its messages across a restart, and redelivers what was in flight', async () => {
    const persistPath = path.join(mkdtempSync(path.join(tmpdir(), 'queue-')), 'q.json');
    const first = new LocalQueue({ name: 'q', persistPath, now });
    await first.send(message('a', 'm1'));
    await first.send(message('a', 'm2'));
    await first.stop();

    const second = new LocalQueue({ name: 'q', persistPath, now });
    expect(second.depth()).toBe(2);
    await second.send(message('a', 'm1')); // still inside the dedupe window after restart
    expect(second.depth()).toBe(2);
    const seen: string[] = [];
    second.setConsumer(async (event) => {
      for (const r of event.Records) seen.push(JSON.parse(r.body).id);
    });
    await second.drain();
    expect(seen).toEqual(['m1', 'm2']);
    expect(second.recent()).toHaveLength(2);
  });

  it('gives the consumer SQS-shaped records', async () => {
    const queue = new LocalQueue({ name: 'events.fifo', now });
    await queue.send(message('corp:user:1', 'x'));
    let record: SQSEvent['Records'][number] | undefined;
    queue.setConsumer(async (event) => {
      record = event.Records[0];
    });
    await queue.drain();
    expect(record).toMatchObject({
      body: JSON.stringify({ id: 'x' }),
      eventSource: 'aws:sqs',
      attributes: { MessageGroupId: 'corp:user:1', MessageDeduplicationId: 'x', ApproximateReceiveCount: '1' },
      messageAttributes: { id: { dataType: 'String', stringValue: 'x' } },
    });
  });
});

describe('LocalQueue send validation', () => {
  it('refuses an empty attribute value, as SQS does', async () => {
    const queue = new LocalQueue({ name: 'q' });
    await expect(queue.send({ groupId: 'g', deduplicationId: 'd', body: '{}', attributes: { createTime: '' } })).rejects.toThrow('must not be empty');
    expect(queue.depth()).toBe(0);
  });
});

describe('LocalQueue restart', () => {
  it('keeps a message that waits for its retry waiting after a restart', async () => {
    let clock = 5_000_000;
    const now = () => clock;
    const persistPath = path.join(mkdtempSync(path.join(tmpdir(), 'queue-')), 'q.json');
    const first = new LocalQueue({ name: 'q', persistPath, visibilityTimeoutMs: 1000, now });
    await first.send(message('a', 'retry-me'));
    first.setConsumer(async () => {
      throw new Error('fails once');
    });
    await first.drain();
    await first.stop();

    const second = new LocalQueue({ name: 'q', persistPath, visibilityTimeoutMs: 1000, now });
    const seen: string[] = [];
    second.setConsumer(async (event) => {
      for (const r of event.Records) seen.push(`${JSON.parse(r.body).id}#${r.attributes.ApproximateReceiveCount}`);
    });
    await second.drain();
    expect(seen).toEqual([]);
    clock += 1001;
    await second.drain();
    expect(seen).toEqual(['retry-me#2']);
  });
});

describe('LocalQueue consumer timeout', () => {
  it('fails a batch whose consumer never answers, so the group is not blocked for ever', async () => {
    let clock = 0;
    const queue = new LocalQueue({ name: 'q', visibilityTimeoutMs: 10, consumerTimeoutMs: 20, now: () => clock });
    await queue.send(message('a', 'stuck'));
    let calls = 0;
    queue.setConsumer(async () => {
      calls += 1;
      if (calls === 1) await new Promise(() => undefined); // hangs
    });
    await queue.drain();
    expect(queue.depth()).toBe(1);
    clock += 11;
    await queue.drain();
    expect(calls).toBe(2);
    expect(queue.depth()).toBe(0);
  });
});
