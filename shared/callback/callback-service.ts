import type { Logger } from '@aws-lambda-powertools/logger';
import { BadRequestError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '../errors';
import { isCorpId } from '../corps/corp-id';
import { parseCallbackEnvelope, EnvelopeError } from '../wecom/callback/envelope';
import type { CallbackCrypto } from '../wecom/crypto/callback-crypto';
import { WeComCryptoError } from '../wecom/crypto/crypto-error';
import { EventXmlError, parseEventXml } from '../wecom/events';
import { buildEventMessage } from './event-message';
import type { CorpCallbackKeys } from './corp-callback-keys';
import type { PublishOnce, PublishOutcome } from './publish-once';
import { SignedQuerySchema, VerifyUrlQuerySchema, type SignedQuery } from './callback-request';

export interface CallbackServiceDeps {
  keys: CorpCallbackKeys;
  publisher: PublishOnce;
  logger: Logger;
  /** Replay window in seconds; 0 turns the check off. */
  maxSkewSeconds: number;
  now?: () => Date;
}

export interface ReceivedEvent {
  outcome: PublishOutcome;
  type: string;
  deduplicationId: string;
}

/** The two things WeCom asks of a callback URL: prove we hold the keys (GET), take events (POST). */
export class CallbackService {
  private readonly now: () => Date;

  constructor(private readonly deps: CallbackServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** GET: verify the signature over echostr, decrypt it, and return the plaintext to echo. */
  async verifyUrl(corpId: string, query: Record<string, string | undefined>): Promise<string> {
    const crypto = await this.keysFor(corpId);
    const parsed = VerifyUrlQuerySchema.safeParse(query);
    if (!parsed.success) throw new BadRequestError('missing or malformed query parameters');
    return this.open(corpId, crypto, parsed.data, parsed.data.echostr);
  }

  /** POST: authenticate, decrypt and parse the event, then enqueue it exactly once. */
  async receiveEvent(corpId: string, query: Record<string, string | undefined>, body: string): Promise<ReceivedEvent> {
    const crypto = await this.keysFor(corpId);
    const parsed = SignedQuerySchema.safeParse(query);
    if (!parsed.success) throw new BadRequestError('missing or malformed query parameters');
    let encrypt: string;
    try {
      encrypt = parseCallbackEnvelope(body).encrypt;
    } catch (error) {
      if (error instanceof EnvelopeError) throw new BadRequestError('malformed callback body', { cause: error });
      throw error;
    }
    const xml = await this.open(corpId, crypto, parsed.data, encrypt);

    let event;
    try {
      event = parseEventXml(xml);
    } catch (error) {
      if (error instanceof EventXmlError) throw new BadRequestError('malformed event payload', { cause: error });
      throw error;
    }
    if (event.corpId !== corpId) {
      // Authenticated by this corp's keys, so the payload is WeCom's; keep it, but say so.
      this.deps.logger.warn('event names another corp in ToUserName', { corpId, toUserName: event.corpId });
    }
    if (event.type === 'unknown') {
      this.deps.logger.warn('unknown event kept raw', { corpId, reason: event.reason, fields: Object.keys(event.fields) });
    }

    const message = buildEventMessage({ corpId, event, xml, receivedAt: this.now() });
    let outcome: PublishOutcome;
    try {
      outcome = await this.deps.publisher.send(message);
    } catch (error) {
      this.deps.logger.error('event could not be enqueued', { corpId, type: event.type, deduplicationId: message.deduplicationId, error: describeError(error) });
      throw new ServiceUnavailableError('event not stored, retry later', { cause: error });
    }
    this.deps.logger.info('event received', { corpId, type: event.type, outcome, deduplicationId: message.deduplicationId });
    return { outcome, type: event.type, deduplicationId: message.deduplicationId };
  }

  private async keysFor(corpId: string): Promise<CallbackCrypto[]> {
    if (!isCorpId(corpId)) throw new NotFoundError('unknown corp');
    const crypto = await this.deps.keys.forCorp(corpId);
    if (!crypto) throw new NotFoundError('unknown corp');
    return crypto;
  }

  /**
   * Replay window, then signature, then decryption. Every accepted pair whose
   * signature matches is tried (a rotation may keep the Token and change only the
   * key). When no signature matches, the secret is read once more past its cache,
   * in case the corp rotated since this instance cached it.
   */
  private async open(corpId: string, candidates: CallbackCrypto[], query: SignedQuery, encrypt: string): Promise<string> {
    const skew = Math.abs(this.now().getTime() / 1000 - Number(query.timestamp));
    if (this.deps.maxSkewSeconds > 0 && skew > this.deps.maxSkewSeconds) {
      this.deps.logger.warn('callback rejected', { corpId, reason: 'timestamp outside replay window' });
      throw new UnauthorizedError();
    }
    let outcome = openWith(candidates, query, encrypt);
    if (outcome.kind === 'no-signature-match') {
      const fresh = await this.deps.keys.refreshed(corpId);
      if (fresh) outcome = openWith(fresh, query, encrypt);
    }
    if (outcome.kind === 'opened') return outcome.plaintext;
    const reason = outcome.kind === 'no-signature-match' ? 'signature mismatch' : outcome.error.message;
    this.deps.logger.warn('callback rejected', { corpId, reason, ...(outcome.kind === 'undecryptable' ? { code: outcome.error.code } : {}) });
    throw new UnauthorizedError();
  }
}

type OpenOutcome =
  | { kind: 'opened'; plaintext: string }
  | { kind: 'no-signature-match' }
  | { kind: 'undecryptable'; error: WeComCryptoError };

function openWith(candidates: CallbackCrypto[], query: SignedQuery, encrypt: string): OpenOutcome {
  let failure: WeComCryptoError | undefined;
  for (const crypto of candidates) {
    if (!crypto.verifySignature(query.msg_signature, query.timestamp, query.nonce, encrypt)) continue;
    try {
      return { kind: 'opened', plaintext: crypto.decrypt(encrypt) };
    } catch (error) {
      if (!(error instanceof WeComCryptoError)) throw error;
      failure = error;
    }
  }
  return failure ? { kind: 'undecryptable', error: failure } : { kind: 'no-signature-match' };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
