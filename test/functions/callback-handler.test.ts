import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { CallbackCrypto } from '../../shared/wecom/crypto/callback-crypto';
import type { MessageQueue, QueueMessage } from '../../shared/queue/message-queue';
import type { CallbackEventMessage } from '../../shared/callback/event-message';
import { LocalQueue } from '../../local/queue/local-queue';
import { vectorSetA, vectorSetB } from '../support/official-vectors';
import { randomAppSecret, randomCallbackKeys, randomCorpId } from '../support/random-secrets';
import { callbackEvent, callbackHarness, invoke, sealedDelivery } from '../support/callback-harness';

const EVENT_XML = (corpId: string, userId = 'zhangsan') =>
  `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName>\n<FromUserName><![CDATA[sys]]></FromUserName>\n<CreateTime>1700000000</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[change_contact]]></Event>\n<ChangeType><![CDATA[create_user]]></ChangeType>\n<UserID><![CDATA[${userId}]]></UserID>\n<Department><![CDATA[1]]></Department>\n</xml>`;

/** A queue whose sends can be made to fail, recording what it accepted. */
class RecordingQueue implements MessageQueue {
  sent: QueueMessage[] = [];
  failNext = 0;
  async send(message: QueueMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('queue unavailable');
    }
    this.sent.push(message);
  }
}

describe('callback handler: official vectors through the real handler', () => {
  let harness: Awaited<ReturnType<typeof callbackHarness>>;
  const queue = new LocalQueue({ name: 'events.fifo' });
  beforeAll(async () => {
    harness = await callbackHarness({ queue });
    for (const v of [vectorSetA, vectorSetB]) {
      await harness.registry.add({ corpId: v.corpId, agentId: '218', appSecret: randomAppSecret(), callbackToken: v.token, callbackAesKey: v.encodingAesKey });
    }
  });
  afterAll(() => harness.stop());

  it.each([
    ['A', vectorSetA],
    ['B', vectorSetB],
  ])('GET with set %s answers exactly the decrypted echostr as text/plain', async (_n, v) => {
    const response = await invoke(harness.handler, callbackEvent('GET', v.corpId, { ...v.get }));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toBe(v.get.reply);
  });

  it.each([
    ['A', vectorSetA, 'hello'],
    ['B', vectorSetB, '你好'],
  ])('POST with set %s is enqueued once with an empty 200', async (_n, v, content) => {
    const { msg_signature, timestamp, nonce } = v.post;
    const response = await invoke(harness.handler, callbackEvent('POST', v.corpId, { msg_signature, timestamp, nonce }, v.post.body));
    expect(response).toMatchObject({ statusCode: 200, body: '' });
    const message = queue.peek().find((m) => JSON.parse(m.body).corpId === v.corpId)!;
    const body = JSON.parse(message.body) as CallbackEventMessage;
    expect(body).toMatchObject({ version: 1, corpId: v.corpId, type: 'message.text', xml: v.post.plaintext });
    expect(body.event).toMatchObject({ Content: content });
    expect(message.groupId.startsWith(`${v.corpId}:`)).toBe(true);
    expect(message.deduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('callback handler: delivery guarantees', () => {
  const corpId = randomCorpId();
  const keys = randomCallbackKeys();
  let harness: Awaited<ReturnType<typeof callbackHarness>>;
  const queue = new RecordingQueue();
  beforeAll(async () => {
    harness = await callbackHarness({ queue });
    await harness.registry.add({ corpId, agentId: '1000002', appSecret: randomAppSecret(), callbackToken: keys.token, callbackAesKey: keys.encodingAesKey });
  });
  afterAll(() => harness.stop());
  beforeEach(() => {
    queue.sent = [];
  });

  it("enqueues WeCom's retries of one event once, though each retry has fresh ciphertext", async () => {
    const xml = EVENT_XML(corpId, `u${randomBytes(4).toString('hex')}`);
    const deliveries = [0, 1, 2, 3].map(() => sealedDelivery(keys, corpId, xml));
    expect(new Set(deliveries.map((d) => d.encrypt)).size).toBe(4);
    for (const d of deliveries) {
      expect((await invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body))).statusCode).toBe(200);
    }
    expect(queue.sent).toHaveLength(1);
    expect(JSON.parse(queue.sent[0]!.body).type).toBe('change_contact.create_user');
  });

  it('enqueues two distinct events of the same user in the same second separately', async () => {
    const a = EVENT_XML(corpId, 'same-user');
    const b = a.replace('<Department><![CDATA[1]]>', '<Department><![CDATA[2]]>');
    for (const xml of [a, b]) {
      const d = sealedDelivery(keys, corpId, xml);
      expect((await invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body))).statusCode).toBe(200);
    }
    expect(queue.sent).toHaveLength(2);
    expect(queue.sent[0]!.groupId).toBe(queue.sent[1]!.groupId);
  });

  it('answers 503 when the event cannot be stored, and stores it on the retry', async () => {
    const xml = EVENT_XML(corpId, `u${randomBytes(4).toString('hex')}`);
    queue.failNext = 1;
    const first = sealedDelivery(keys, corpId, xml);
    const failed = await invoke(harness.handler, callbackEvent('POST', corpId, first.query, first.body));
    expect(failed.statusCode).toBe(503);
    expect(failed.body).not.toMatch(/queue unavailable|Error|at /);
    expect(queue.sent).toHaveLength(0);
    const retry = sealedDelivery(keys, corpId, xml);
    expect((await invoke(harness.handler, callbackEvent('POST', corpId, retry.query, retry.body))).statusCode).toBe(200);
    expect(queue.sent).toHaveLength(1);
  });

  it('lets concurrent duplicates through at most once; a loser gets 200 (done) or 503 (retry)', async () => {
    const xml = EVENT_XML(corpId, `u${randomBytes(4).toString('hex')}`);
    const responses = await Promise.all(
      [0, 1, 2, 3, 4].map(() => {
        const d = sealedDelivery(keys, corpId, xml);
        return invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body));
      }),
    );
    expect(queue.sent).toHaveLength(1);
    for (const r of responses) expect([200, 503]).toContain(r.statusCode);
    expect(responses.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(1);
  });

  it('stores an unknown event that lacks CreateTime, with no empty message attribute (SQS refuses those)', async () => {
    const xml = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[no_time]]></Event></xml>`;
    const d = sealedDelivery(keys, corpId, xml);
    expect((await invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body))).statusCode).toBe(200);
    expect(queue.sent).toHaveLength(1);
    expect(Object.values(queue.sent[0]!.attributes ?? {}).every((value) => value !== '')).toBe(true);
    expect(queue.sent[0]!.attributes).not.toHaveProperty('createTime');
  });

  it('keeps an unknown event type raw instead of rejecting it', async () => {
    const xml = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[brand_new_event]]></Event><Foo><![CDATA[bar]]></Foo></xml>`;
    const d = sealedDelivery(keys, corpId, xml);
    expect((await invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body))).statusCode).toBe(200);
    const body = JSON.parse(queue.sent[0]!.body) as CallbackEventMessage;
    expect(body.type).toBe('unknown');
    expect(body.xml).toBe(xml);
    expect(queue.sent[0]!.attributes).toMatchObject({ eventType: 'unknown', corpId });
  });
});

describe('callback handler: bad input gets a clear status and nothing stored', () => {
  const corpId = randomCorpId();
  const keys = randomCallbackKeys();
  const appSecret = randomAppSecret();
  let harness: Awaited<ReturnType<typeof callbackHarness>>;
  const queue = new RecordingQueue();
  const goodXml = EVENT_XML(corpId);
  beforeAll(async () => {
    harness = await callbackHarness({ queue });
    await harness.registry.add({ corpId, agentId: '1000002', appSecret, callbackToken: keys.token, callbackAesKey: keys.encodingAesKey });
  });
  afterAll(() => harness.stop());
  afterEach(() => expect(queue.sent).toHaveLength(0));

  const post = (query: Record<string, string>, body: string, corp = corpId) => invoke(harness.handler, callbackEvent('POST', corp, query, body));
  const signed = (encrypt: string, crypto = new CallbackCrypto({ ...keys, receiveId: corpId })) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    return { query: { msg_signature: crypto.signature(timestamp, nonce, encrypt), timestamp, nonce }, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
  };

  function expectClean(response: { statusCode?: number; body?: string }, status: number) {
    expect(response.statusCode).toBe(status);
    for (const secret of [keys.token, keys.encodingAesKey, appSecret, 'zhangsan', 'stack', ' at ']) expect(response.body ?? '').not.toContain(secret);
  }

  it('401 for a bad signature, with one generic body', async () => {
    const d = sealedDelivery(keys, corpId, goodXml);
    const response = await post({ ...d.query, msg_signature: 'f'.repeat(40) }, d.body);
    expectClean(response, 401);
    expect(response.body).toBe('unauthorized');
  });

  it('401 for a signature made with another token', async () => {
    const d = sealedDelivery({ ...keys, token: randomCallbackKeys().token }, corpId, goodXml);
    expectClean(await post(d.query, d.body), 401);
  });

  it('401 for tampered ciphertext (even when re-signed), bad padding and a wrong receive id — same body each time', async () => {
    const crypto = new CallbackCrypto({ ...keys, receiveId: corpId });
    const bytes = Buffer.from(crypto.encrypt(goodXml), 'base64');
    bytes[bytes.length - 1]! ^= 0x5a; // breaks the padding
    const tampered = signed(bytes.toString('base64'));
    const wrongReceiver = signed(new CallbackCrypto({ ...keys, receiveId: 'wwanothercorp01' }).encrypt(goodXml));
    const wrongKey = signed(new CallbackCrypto({ ...randomCallbackKeys(), receiveId: corpId }).encrypt(goodXml));
    const bodies = new Set<string>();
    for (const attempt of [tampered, wrongReceiver, wrongKey]) {
      const response = await post(attempt.query, attempt.body);
      expectClean(response, 401);
      bodies.add(response.body ?? '');
    }
    expect([...bodies]).toEqual(['unauthorized']);
  });

  it('400 for missing or malformed query parameters', async () => {
    const d = sealedDelivery(keys, corpId, goodXml);
    expectClean(await post({ timestamp: d.query.timestamp, nonce: d.query.nonce }, d.body), 400);
    expectClean(await post({ ...d.query, timestamp: 'yesterday' }, d.body), 400);
    expectClean(await invoke(harness.handler, callbackEvent('GET', corpId, { ...d.query })), 400);
  });

  it('400 for a malformed envelope, and for XXE / entity expansion in it', async () => {
    const d = sealedDelivery(keys, corpId, goodXml);
    expectClean(await post(d.query, '<xml><Encrypt>'), 400);
    expectClean(await post(d.query, ''), 400);
    expectClean(await post(d.query, `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>`), 400);
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt></xml>`;
    expectClean(await post(d.query, lol), 400);
  });

  it('400 for an authentic payload that is not well-formed XML or carries a DOCTYPE', async () => {
    for (const xml of ['not xml at all', `<xml><ToUserName>${corpId}</ToUserName>`, `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ToUserName>&e;</ToUserName></xml>`]) {
      const d = sealedDelivery(keys, corpId, xml);
      expectClean(await post(d.query, d.body), 400);
    }
  });

  it('404 for an unknown corp and for a corp id that cannot exist', async () => {
    const d = sealedDelivery(keys, corpId, goodXml);
    const unknown = await post(d.query, d.body, randomCorpId());
    expectClean(unknown, 404);
    expectClean(await post(d.query, d.body, '../../etc'), 404);
  });

  it('413 for a body over 64 KiB, before anything else is looked at', async () => {
    const big = `<xml><Encrypt><![CDATA[${'A'.repeat(64 * 1024)}]]></Encrypt></xml>`;
    expectClean(await post({}, big), 413);
  });

  it('405 for other methods', async () => {
    const event = callbackEvent('GET', corpId, {});
    event.requestContext.http.method = 'PUT';
    expectClean(await invoke(harness.handler, event), 405);
  });

  it('stores nothing in the secret file while rejecting', () => {
    expect(existsSync(harness.secretsFile)).toBe(true);
    const secrets = JSON.parse(readFileSync(harness.secretsFile, 'utf8'));
    expect(Object.keys(secrets)).toHaveLength(2);
  });
});

describe('callback handler: replay window and key rotation', () => {
  const corpId = randomCorpId();
  const keys = randomCallbackKeys();
  let clock = new Date('2026-11-24T12:00:00Z');
  let harness: Awaited<ReturnType<typeof callbackHarness>>;
  const queue = new RecordingQueue();
  beforeAll(async () => {
    harness = await callbackHarness({ queue, maxSkewSeconds: 600, now: () => clock });
    await harness.registry.add({ corpId, agentId: '1000002', appSecret: randomAppSecret(), callbackToken: keys.token, callbackAesKey: keys.encodingAesKey });
  });
  afterAll(() => harness.stop());

  const deliver = async (pair: { token: string; encodingAesKey: string }, sentAt: Date) => {
    const d = sealedDelivery(pair, corpId, EVENT_XML(corpId, `u${randomBytes(4).toString('hex')}`), sentAt);
    return (await invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body))).statusCode;
  };

  it('accepts timestamps up to the window away and rejects beyond it (401), both directions', async () => {
    expect(await deliver(keys, new Date(clock.getTime() - 600_000))).toBe(200);
    expect(await deliver(keys, new Date(clock.getTime() + 600_000))).toBe(200);
    expect(await deliver(keys, new Date(clock.getTime() - 601_000))).toBe(401);
    expect(await deliver(keys, new Date(clock.getTime() + 601_000))).toBe(401);
  });

  it('rejects the 2014-dated official vector under the default window', async () => {
    await harness.registry.add({ corpId: vectorSetA.corpId, agentId: '218', appSecret: randomAppSecret(), callbackToken: vectorSetA.token, callbackAesKey: vectorSetA.encodingAesKey });
    const response = await invoke(harness.handler, callbackEvent('GET', vectorSetA.corpId, { ...vectorSetA.get }));
    expect(response.statusCode).toBe(401);
  });

  it('after a rotation that keeps the Token, still accepts events encrypted with the old key during the grace period', async () => {
    const current = (await harness.registry.getCallback(corpId))!;
    const rotated = await harness.registry.rotateCallback(corpId, { graceSeconds: 600, now: clock, token: current.token });
    expect(await deliver({ token: current.token, encodingAesKey: current.encodingAesKey }, clock)).toBe(200);
    expect(await deliver({ token: rotated.token, encodingAesKey: rotated.encodingAesKey }, clock)).toBe(200);
  });

  it('after rotate-callback, accepts both pairs during the grace period and only the new one after', async () => {
    const before = (await harness.registry.getCallback(corpId))!;
    const old = { token: before.token, encodingAesKey: before.encodingAesKey };
    const rotated = await harness.registry.rotateCallback(corpId, { graceSeconds: 3600, now: clock });
    const next = { token: rotated.token, encodingAesKey: rotated.encodingAesKey };
    expect(await deliver(old, clock)).toBe(200);
    expect(await deliver(next, clock)).toBe(200);
    clock = new Date(clock.getTime() + 3601_000);
    expect(await deliver(old, clock)).toBe(401);
    expect(await deliver(next, clock)).toBe(200);
  });
});
