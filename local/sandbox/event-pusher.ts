import { randomInt } from 'node:crypto';
import { buildCallbackEnvelope } from '../../shared/wecom/callback/envelope';
import { CallbackCrypto } from '../../shared/wecom/crypto/callback-crypto';
import type { CallbackKeyPair } from '../../shared/corps/corp-secrets';

/** WeCom's delivery rules: an answer other than 200, or none within 5 s, is retried, 3 times at most. */
export const WECOM_CALLBACK_TIMEOUT_MS = 5_000;
export const WECOM_CALLBACK_RETRIES = 3;

export interface DeliveryAttempt {
  attempt: number;
  status?: number;
  error?: string;
  elapsedMs: number;
}

export interface DeliveryReport {
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

export interface EventPusherOptions {
  timeoutMs?: number;
  retries?: number;
  /** Pause before each retry. */
  retryDelayMs?: number;
  now?: () => Date;
}

/**
 * Pushes events to a callback URL the way WeCom does: each attempt encrypted afresh
 * (new random prefix, timestamp and nonce), signed, POSTed as the XML envelope.
 */
export class EventPusher {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly now: () => Date;

  constructor(options: EventPusherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? WECOM_CALLBACK_TIMEOUT_MS;
    this.retries = options.retries ?? WECOM_CALLBACK_RETRIES;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.now = options.now ?? (() => new Date());
  }

  async push(target: { callbackUrl: string; corpId: string; agentId: string; keys: CallbackKeyPair }, xml: string): Promise<DeliveryReport> {
    const crypto = new CallbackCrypto({ ...target.keys, receiveId: target.corpId });
    const attempts: DeliveryAttempt[] = [];
    for (let attempt = 1; attempt <= 1 + this.retries; attempt++) {
      if (attempt > 1 && this.retryDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      const timestamp = String(Math.floor(this.now().getTime() / 1000));
      const nonce = String(randomInt(1, 2 ** 31 - 1));
      const { encrypt, signature } = crypto.sealEnvelope(xml, { timestamp, nonce });
      const body = buildCallbackEnvelope({ encrypt, toUserName: target.corpId, agentId: target.agentId });
      const url = `${target.callbackUrl}?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
      const started = Date.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        await response.arrayBuffer();
        attempts.push({ attempt, status: response.status, elapsedMs: Date.now() - started });
        if (response.status === 200) return { delivered: true, attempts };
      } catch (error) {
        // fetch rejects with a DOMException, not always an Error of this realm: go by name.
        const { name, message } = error as { name?: string; message?: string };
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        attempts.push({ attempt, error: timedOut ? `no answer within ${this.timeoutMs} ms` : String(message ?? error), elapsedMs: Date.now() - started });
      }
    }
    return { delivered: false, attempts };
  }
}
