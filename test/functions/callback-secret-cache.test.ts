import { randomBytes } from 'node:crypto';
import { callbackSecretLoader } from '../../shared/corps/callback-secret-loader';
import type { SecretStore } from '../../shared/secrets/secret-store';
import { LocalQueue } from '../../local/queue/local-queue';
import { randomAppSecret, randomCallbackKeys, randomCorpId } from '../support/random-secrets';
import { callbackEvent, callbackHarness, invoke, sealedDelivery, TEST_STAGE } from '../support/callback-harness';

/** A secret store that, like a warm Lambda's cache, keeps serving what it read first unless asked for a fresh value. */
class CachingStore implements SecretStore {
  readonly values = new Map<string, string>();
  private readonly cached = new Map<string, string>();
  freshReads = 0;
  async get(name: string, options?: { fresh?: boolean }) {
    if (options?.fresh) this.freshReads += 1;
    if (!options?.fresh && this.cached.has(name)) return this.cached.get(name);
    const value = this.values.get(name);
    if (value !== undefined) this.cached.set(name, value);
    return value;
  }
  async put(name: string, value: string) {
    this.values.set(name, value);
  }
  async list(prefix: string) {
    return [...this.values.keys()].filter((n) => n.startsWith(prefix));
  }
}

describe('callback handler with a cached secret', () => {
  const corpId = randomCorpId();
  const keys = randomCallbackKeys();
  const store = new CachingStore();
  let clock = new Date('2026-11-24T12:00:00Z');
  let harness: Awaited<ReturnType<typeof callbackHarness>>;

  beforeAll(async () => {
    harness = await callbackHarness({ queue: new LocalQueue({ name: 'q' }), secrets: store, now: () => clock });
    await harness.registry.add({ corpId, agentId: '1000002', appSecret: randomAppSecret(), callbackToken: keys.token, callbackAesKey: keys.encodingAesKey });
  });
  afterAll(() => harness.stop());

  const deliver = async (pair: { token: string; encodingAesKey: string }) => {
    const d = sealedDelivery(pair, corpId, `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[x${randomBytes(4).toString('hex')}]]></Event></xml>`);
    return (await invoke(harness.handler, callbackEvent('POST', corpId, d.query, d.body))).statusCode;
  };

  it('accepts the new pair at once after a rotation, though the cache still holds the old one', async () => {
    expect(await deliver(keys)).toBe(200); // caches the current secret
    const rotated = await harness.registry.rotateCallback(corpId, { graceSeconds: 3600, now: clock });
    expect(await deliver({ token: rotated.token, encodingAesKey: rotated.encodingAesKey })).toBe(200);
    expect(store.freshReads).toBe(1);
  });

  it('reads past the cache at most once per corp per interval, however many forged requests arrive', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const before = store.freshReads;
    const forged = randomCallbackKeys();
    for (let i = 0; i < 5; i++) expect(await deliver(forged)).toBe(401);
    expect(store.freshReads - before).toBe(1);
  });
});

describe('callbackSecretLoader', () => {
  it('never repeats a corrupt secret value in its error', async () => {
    const store = new CachingStore();
    const secretish = `SECRET${randomBytes(8).toString('hex')}`;
    store.values.set(`wecom-connector/${TEST_STAGE}/corps/ww0000000001/callback`, secretish);
    const load = callbackSecretLoader(store, TEST_STAGE);
    const error = await load('ww0000000001').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).message).not.toContain(secretish.slice(0, 6));
  });

  it('names the missing fields of a secret that is JSON but not a callback secret, without values', async () => {
    const store = new CachingStore();
    const token = randomCallbackKeys().token;
    store.values.set(`wecom-connector/${TEST_STAGE}/corps/ww0000000002/callback`, JSON.stringify({ token }));
    const error = (await callbackSecretLoader(store, TEST_STAGE)('ww0000000002').catch((e: Error) => e)) as Error;
    expect(error.message).toContain('encodingAesKey');
    expect(error.message).toContain('malformed');
    expect(error.message).not.toContain(token);
  });
});
