import * as wecomCrypto from '@wecom/crypto';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { CallbackCrypto, computeSignature, decodeEncodingAesKey } from '../../../shared/wecom/crypto/callback-crypto';
import { CryptoErrorCode, WeComCryptoError } from '../../../shared/wecom/crypto/crypto-error';
import { pkcs7Pad } from '../../../shared/wecom/crypto/pkcs7';
import { createCipheriv } from 'node:crypto';
import { vectorSetA, vectorSetB } from '../../support/official-vectors';
import { randomCallbackKeys, randomCorpId } from '../../support/random-secrets';

describe.each([
  ['set A', vectorSetA],
  ['set B', vectorSetB],
])('official vectors, %s', (_name, vector) => {
  const crypto = new CallbackCrypto({ token: vector.token, encodingAesKey: vector.encodingAesKey, receiveId: vector.corpId });

  it('verifies and decrypts the GET echostr', () => {
    const { msg_signature, timestamp, nonce, echostr, reply } = vector.get;
    expect(crypto.signature(timestamp, nonce, echostr)).toBe(msg_signature);
    expect(crypto.verifySignature(msg_signature, timestamp, nonce, echostr)).toBe(true);
    expect(crypto.decrypt(echostr)).toBe(reply);
  });

  it('verifies and decrypts the POST event', () => {
    const { msg_signature, timestamp, nonce, encrypt, plaintext } = vector.post;
    expect(crypto.verifySignature(msg_signature, timestamp, nonce, encrypt)).toBe(true);
    expect(crypto.decrypt(encrypt)).toBe(plaintext);
  });

  it('rejects a signature with one changed character', () => {
    const { msg_signature, timestamp, nonce, encrypt } = vector.post;
    const flipped = (msg_signature[0] === 'a' ? 'b' : 'a') + msg_signature.slice(1);
    expect(crypto.verifySignature(flipped, timestamp, nonce, encrypt)).toBe(false);
    expect(crypto.verifySignature(msg_signature, String(Number(timestamp) + 1), nonce, encrypt)).toBe(false);
    expect(() => crypto.assertSignature(flipped, timestamp, nonce, encrypt)).toThrow(WeComCryptoError);
  });

  it('rejects the right ciphertext under the wrong receive id', () => {
    const other = new CallbackCrypto({ token: vector.token, encodingAesKey: vector.encodingAesKey, receiveId: 'wwsomeoneelse0001' });
    expect(() => other.decrypt(vector.post.encrypt)).toThrow(expect.objectContaining({ code: CryptoErrorCode.ValidateReceiveId }));
  });
});

it('the set A POST plaintext carries pad 30 (a 32-byte PKCS#7 block)', () => {
  const plainLength = 16 + 4 + Buffer.byteLength(vectorSetA.post.plaintext) + vectorSetA.corpId.length;
  expect(32 - (plainLength % 32)).toBe(30);
});

describe('signature', () => {
  it('sorts the four strings before hashing, like the official libraries', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (token, timestamp, nonce, encrypt) => {
        expect(computeSignature(token, timestamp, nonce, encrypt)).toBe(wecomCrypto.getSignature(token, timestamp, nonce, encrypt));
      }),
    );
  });

  it('accepts upper-case hex and refuses anything that is not 40 hex characters', () => {
    const { token, encodingAesKey } = randomCallbackKeys();
    const crypto = new CallbackCrypto({ token, encodingAesKey, receiveId: 'wwcorp000001' });
    const sig = crypto.signature('1', '2', 'abc');
    expect(crypto.verifySignature(sig.toUpperCase(), '1', '2', 'abc')).toBe(true);
    expect(crypto.verifySignature(sig.slice(0, 39), '1', '2', 'abc')).toBe(false);
    expect(crypto.verifySignature(`${sig}0`, '1', '2', 'abc')).toBe(false);
    expect(crypto.verifySignature('', '1', '2', 'abc')).toBe(false);
  });
});

describe('round trips with @wecom/crypto', () => {
  const messages = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: fc.constantFrom('你', '好', '企', '业', '微', '信', 'a', '<', '>', '&', '\n'), maxLength: 500 }),
    fc.integer({ min: 0, max: 64 * 1024 }).map((size) => randomBytes(Math.ceil(size / 2)).toString('hex').slice(0, size)),
  );

  it('what @wecom/crypto encrypts, we decrypt', () => {
    fc.assert(
      fc.property(messages, (message) => {
        const { token, encodingAesKey } = randomCallbackKeys();
        const corpId = randomCorpId();
        const ours = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });
        expect(ours.decrypt(wecomCrypto.encrypt(encodingAesKey, message, corpId))).toBe(message);
      }),
      { numRuns: 200 },
    );
  });

  it('what we encrypt, @wecom/crypto decrypts to the same message and id', () => {
    fc.assert(
      fc.property(messages, (message) => {
        const { token, encodingAesKey } = randomCallbackKeys();
        const corpId = randomCorpId();
        const ours = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });
        const theirs = wecomCrypto.decrypt(encodingAesKey, ours.encrypt(message));
        expect(theirs.message).toBe(message);
        expect(theirs.id).toBe(corpId);
      }),
      { numRuns: 200 },
    );
  });

  it('covers the exact size edges 0 B and 64 KiB, Chinese included', () => {
    const { token, encodingAesKey } = randomCallbackKeys();
    const corpId = randomCorpId();
    const ours = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });
    for (const message of ['', '企'.repeat(21845), 'x'.repeat(64 * 1024)]) {
      expect(ours.decrypt(wecomCrypto.encrypt(encodingAesKey, message, corpId))).toBe(message);
      expect(wecomCrypto.decrypt(encodingAesKey, ours.encrypt(message)).message).toBe(message);
    }
  });

  it('encrypts deterministically for a given random prefix', () => {
    const { token, encodingAesKey } = randomCallbackKeys();
    const corpId = randomCorpId();
    const random = randomBytes(16);
    const ours = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });
    expect(ours.encrypt('hello', random)).toBe(wecomCrypto.encrypt(encodingAesKey, 'hello', corpId, random));
  });
});

describe('bad input', () => {
  const { token, encodingAesKey } = randomCallbackKeys();
  const corpId = randomCorpId();
  const crypto = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });
  const { key, iv } = decodeEncodingAesKey(encodingAesKey);

  /** Encrypts an arbitrary padded plaintext, bypassing our own padding, to craft bad layouts. */
  function rawEncrypt(plain: Buffer): string {
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  function layout(message: Buffer, receiveId: string, declaredLength = message.length): Buffer {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(declaredLength);
    return Buffer.concat([randomBytes(16), length, message, Buffer.from(receiveId)]);
  }

  it('refuses a key that is not 43 characters', () => {
    expect(() => new CallbackCrypto({ token, encodingAesKey: encodingAesKey.slice(1), receiveId: corpId })).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.IllegalAesKey }),
    );
    expect(() => new CallbackCrypto({ token, encodingAesKey: `${encodingAesKey.slice(1)}+`, receiveId: corpId })).toThrow(WeComCryptoError);
  });

  it('refuses non-base64 and wrongly sized ciphertext', () => {
    expect(() => crypto.decrypt('')).toThrow(expect.objectContaining({ code: CryptoErrorCode.DecodeBase64 }));
    expect(() => crypto.decrypt('abc$')).toThrow(expect.objectContaining({ code: CryptoErrorCode.DecodeBase64 }));
    expect(() => crypto.decrypt(randomBytes(16).toString('base64'))).toThrow(expect.objectContaining({ code: CryptoErrorCode.DecryptAes }));
  });

  it('refuses a pad value of 0, of 33, and pad bytes that disagree', () => {
    const body = layout(Buffer.from('hi'), corpId);
    const fill = 32 - (body.length % 32);
    const good = pkcs7Pad(body);
    expect(crypto.decrypt(rawEncrypt(good))).toBe('hi');

    const zero = Buffer.from(good);
    zero[zero.length - 1] = 0;
    expect(() => crypto.decrypt(rawEncrypt(zero))).toThrow(expect.objectContaining({ code: CryptoErrorCode.DecryptAes }));

    const big = Buffer.concat([body, Buffer.alloc(fill + 32, 33)]).subarray(0, body.length + fill + 32);
    expect(() => crypto.decrypt(rawEncrypt(big))).toThrow(expect.objectContaining({ code: CryptoErrorCode.DecryptAes }));

    if (fill > 1) {
      const mixed = Buffer.from(good);
      mixed[mixed.length - 2] = fill - 1;
      expect(() => crypto.decrypt(rawEncrypt(mixed))).toThrow(expect.objectContaining({ code: CryptoErrorCode.DecryptAes }));
    }
  });

  it('accepts a full 32-byte pad block (pad value 32), which 16-byte unpadding refuses', () => {
    let message = 'x';
    while ((16 + 4 + message.length + corpId.length) % 32 !== 0) message += 'x';
    const sealed = crypto.encrypt(message);
    expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
    expect(crypto.decrypt(sealed)).toBe(message);
  });

  it('refuses a declared msg_len beyond the buffer', () => {
    const tampered = pkcs7Pad(layout(Buffer.from('hello'), corpId, 1_000_000));
    expect(() => crypto.decrypt(rawEncrypt(tampered))).toThrow(expect.objectContaining({ code: CryptoErrorCode.IllegalBuffer }));
  });

  it('refuses a plaintext shorter than its 20-byte header', () => {
    expect(() => crypto.decrypt(rawEncrypt(pkcs7Pad(randomBytes(10))))).toThrow(WeComCryptoError);
  });

  it('refuses ciphertext made with another key (it decrypts to garbage, not to an error, without these checks)', () => {
    const other = new CallbackCrypto({ ...randomCallbackKeys(), receiveId: corpId });
    const sealed = other.encrypt('hello');
    expect(() => crypto.decrypt(sealed)).toThrow(WeComCryptoError);
  });

  it('property: any string either decrypts or fails with WeComCryptoError, nothing else', () => {
    const anyCipherText = fc.oneof(
      fc.string(),
      fc.base64String(),
      fc.uint8Array({ minLength: 0, maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((n) => rawEncrypt(Buffer.concat([randomBytes(32 * n.length)]))),
    );
    fc.assert(
      fc.property(anyCipherText, (cipherText) => {
        try {
          expect(typeof crypto.decrypt(cipherText)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(WeComCryptoError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('property: tampering with one byte of a sealed message never yields the original silently', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (message, index, xor) => {
        const sealed = Buffer.from(crypto.encrypt(message), 'base64');
        sealed[index % sealed.length]! ^= xor;
        try {
          expect(crypto.decrypt(sealed.toString('base64'))).not.toBe(message);
        } catch (error) {
          expect(error).toBeInstanceOf(WeComCryptoError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
