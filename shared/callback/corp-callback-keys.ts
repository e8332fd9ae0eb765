import { CallbackCrypto } from '../wecom/crypto/callback-crypto';
import { acceptedCallbackPairs } from '../corps/corp-secrets';
import type { CallbackSecretLoader } from '../corps/callback-secret-loader';

const MAX_CACHED = 1000;
/** At most one uncached secret read per corp in this interval, whatever callers send. */
export const FRESH_READ_INTERVAL_MS = 30_000;

/**
 * Turns a corp's callback secret into the CallbackCrypto instances accepted now
 * (the current pair, and the previous one during a rotation's grace period).
 * Instances are cached by their key material so keys are decoded once.
 */
export class CorpCallbackKeys {
  private readonly cache = new Map<string, CallbackCrypto>();
  private readonly lastFreshRead = new Map<string, number>();

  constructor(
    private readonly loadSecret: CallbackSecretLoader,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Undefined when the corp is unknown. */
  async forCorp(corpId: string): Promise<CallbackCrypto[] | undefined> {
    return this.build(corpId, await this.loadSecret(corpId));
  }

  /**
   * The pairs as stored right now, bypassing the secret cache: after a rotation a
   * warm instance would otherwise refuse the new pair until its cache expires.
   * Rate-limited per corp so forged requests cannot turn into secret reads; returns
   * undefined when a fresh read is not allowed yet.
   */
  async refreshed(corpId: string): Promise<CallbackCrypto[] | undefined> {
    const now = this.now().getTime();
    const last = this.lastFreshRead.get(corpId);
    if (last !== undefined && now - last < FRESH_READ_INTERVAL_MS) return undefined;
    if (this.lastFreshRead.size >= MAX_CACHED) this.lastFreshRead.clear();
    this.lastFreshRead.set(corpId, now);
    return this.build(corpId, await this.loadSecret(corpId, { fresh: true }));
  }

  private build(corpId: string, secret: Awaited<ReturnType<CallbackSecretLoader>>): CallbackCrypto[] | undefined {
    if (!secret || secret.corpId !== corpId) return undefined;
    return acceptedCallbackPairs(secret, this.now()).map(({ token, encodingAesKey }) => {
      const cacheKey = `${corpId}\n${token}\n${encodingAesKey}`;
      let crypto = this.cache.get(cacheKey);
      if (!crypto) {
        if (this.cache.size >= MAX_CACHED) this.cache.clear();
        crypto = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });
        this.cache.set(cacheKey, crypto);
      }
      return crypto;
    });
  }
}
