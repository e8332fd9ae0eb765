import { CallbackCrypto } from '../wecom/crypto/callback-crypto';
import { acceptedCallbackPairs, type CallbackSecret } from '../corps/corp-secrets';

const MAX_CACHED = 1000;

/**
 * Turns a corp's callback secret into the CallbackCrypto instances accepted now
 * (the current pair, and the previous one during a rotation's grace period).
 * Instances are cached by their key material so keys are decoded once.
 */
export class CorpCallbackKeys {
  private readonly cache = new Map<string, CallbackCrypto>();

  constructor(
    private readonly loadSecret: (corpId: string) => Promise<CallbackSecret | undefined>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Undefined when the corp is unknown. */
  async forCorp(corpId: string): Promise<CallbackCrypto[] | undefined> {
    const secret = await this.loadSecret(corpId);
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
