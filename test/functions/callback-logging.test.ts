import { Logger } from '@aws-lambda-powertools/logger';
import { randomBytes } from 'node:crypto';
import { LocalQueue } from '../../local/queue/local-queue';
import { randomAppSecret, randomCallbackKeys, randomCorpId } from '../support/random-secrets';
import { callbackEvent, callbackHarness, invoke, sealedDelivery } from '../support/callback-harness';

/**
 * Secret values and event plaintext must never reach the logs. The logger runs at
 * DEBUG while good and bad requests go through, everything it prints is captured,
 * and the capture is searched for the run's generated secrets.
 */
describe('callback logs', () => {
  const captured: string[] = [];
  const capture = (...args: unknown[]) => {
    captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    return true;
  };

  beforeAll(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(capture as never);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture as never);
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) jest.spyOn(console, method).mockImplementation(capture);
  });
  afterAll(() => jest.restoreAllMocks());

  it('never contain the token, the EncodingAESKey, the app secret or the plaintext', async () => {
    const corpId = randomCorpId();
    const keys = randomCallbackKeys();
    const appSecret = randomAppSecret();
    const marker = `secret-content-${randomBytes(6).toString('hex')}`;
    const logger = new Logger({ serviceName: 'callback', logLevel: 'DEBUG' });
    const harness = await callbackHarness({ queue: new LocalQueue({ name: 'q' }), logger });
    try {
      await harness.registry.add({ corpId, agentId: '1000002', appSecret, callbackToken: keys.token, callbackAesKey: keys.encodingAesKey });
      const xml = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${marker}]]></Content><MsgId>1</MsgId><AgentID>1000002</AgentID></xml>`;
      const unknownXml = xml.replace('<MsgType><![CDATA[text]]>', '<MsgType><![CDATA[hologram]]>');
      const good = sealedDelivery(keys, corpId, xml);
      const unknown = sealedDelivery(keys, corpId, unknownXml);
      const badSignature = { ...good.query, msg_signature: '0'.repeat(40) };
      const wrongKey = sealedDelivery(randomCallbackKeys(), corpId, xml);

      expect((await invoke(harness.handler, callbackEvent('POST', corpId, good.query, good.body))).statusCode).toBe(200);
      expect((await invoke(harness.handler, callbackEvent('POST', corpId, unknown.query, unknown.body))).statusCode).toBe(200);
      expect((await invoke(harness.handler, callbackEvent('POST', corpId, badSignature, good.body))).statusCode).toBe(401);
      expect((await invoke(harness.handler, callbackEvent('POST', corpId, wrongKey.query, wrongKey.body))).statusCode).toBe(401);
    } finally {
      await harness.stop();
    }

    const logs = captured.join('\n');
    // The capture works: the run's own identifiers are there.
    expect(logs).toContain(corpId);
    expect(logs).toContain('event received');
    expect(logs).toContain('signature mismatch');
    for (const secret of [keys.token, keys.encodingAesKey, appSecret, marker]) expect(logs).not.toContain(secret);
  });
});
