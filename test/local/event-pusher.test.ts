import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackCrypto } from '../../shared/wecom/crypto/callback-crypto';
import { parseCallbackEnvelope } from '../../shared/wecom/callback/envelope';
import { EventPusher } from '../../local/sandbox/event-pusher';
import { randomCallbackKeys, randomCorpId } from '../support/random-secrets';

/** A real HTTP server standing in for a callback URL: answers each POST as `script` says. */
async function callbackServer(script: Array<number | 'hang'>) {
  const received: Array<{ url: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body });
      const action = script[received.length - 1] ?? 200;
      if (action === 'hang') return; // never answers
      res.writeHead(action).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  return { url, received, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('EventPusher (WeCom delivery behaviour)', () => {
  const corpId = randomCorpId();
  const keys = randomCallbackKeys();
  const xml = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><MsgType><![CDATA[event]]></MsgType></xml>`;

  it('delivers once on a 200, encrypted and signed so the receiver can verify it', async () => {
    const server = await callbackServer([200]);
    try {
      const report = await new EventPusher({ retryDelayMs: 0 }).push({ callbackUrl: server.url, corpId, agentId: '1000002', keys }, xml);
      expect(report).toMatchObject({ delivered: true, attempts: [{ attempt: 1, status: 200 }] });
      const { url, body } = server.received[0]!;
      const query = new URL(url, 'http://x').searchParams;
      const encrypt = parseCallbackEnvelope(body).encrypt;
      const crypto = new CallbackCrypto({ ...keys, receiveId: corpId });
      expect(crypto.verifySignature(query.get('msg_signature')!, query.get('timestamp')!, query.get('nonce')!, encrypt)).toBe(true);
      expect(crypto.decrypt(encrypt)).toBe(xml);
    } finally {
      await server.close();
    }
  });

  it('retries on non-200 and on no answer, with fresh ciphertext each time, 3 retries at most', async () => {
    const server = await callbackServer([500, 'hang', 404, 503]);
    try {
      const report = await new EventPusher({ retryDelayMs: 0, timeoutMs: 300 }).push({ callbackUrl: server.url, corpId, agentId: '1000002', keys }, xml);
      expect(report.delivered).toBe(false);
      expect(report.attempts.map((a) => a.status ?? 'timeout')).toEqual([500, 'timeout', 404, 503]);
      expect(report.attempts[1]!.error).toContain('no answer within 300 ms');
      const ciphertexts = server.received.map((r) => parseCallbackEnvelope(r.body).encrypt);
      expect(new Set(ciphertexts).size).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('stops retrying as soon as one attempt gets a 200', async () => {
    const server = await callbackServer([502, 200]);
    try {
      const report = await new EventPusher({ retryDelayMs: 0 }).push({ callbackUrl: server.url, corpId, agentId: '1000002', keys }, xml);
      expect(report.delivered).toBe(true);
      expect(server.received).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
