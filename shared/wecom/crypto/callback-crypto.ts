import { createCipheriv, createDecipheriv, createSecretKey, hash, randomBytes, type KeyObject } from 'node:crypto';
import { CryptoErrorCode, WeComCryptoError } from './crypto-error';
import { WECOM_BLOCK_SIZE, pkcs7Pad, pkcs7Unpad } from './pkcs7';

/** WeCom's EncodingAESKey: 43 characters [A-Za-z0-9], base64 of 32 key bytes without its '='. */
export const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
const SHA1_HEX_LENGTH = 40;
const RANDOM_LENGTH = 16;
const LENGTH_FIELD = 4;
const HEADER_LENGTH = RANDOM_LENGTH + LENGTH_FIELD;

export function isValidEncodingAesKey(key: string): boolean {
  return ENCODING_AES_KEY_PATTERN.test(key);
}

/** AESKey = Base64_Decode(EncodingAESKey + "="); IV = AESKey[0:16]. */
export function decodeEncodingAesKey(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  if (!isValidEncodingAesKey(encodingAesKey)) {
    throw new WeComCryptoError(CryptoErrorCode.IllegalAesKey, 'EncodingAESKey must be 43 characters [A-Za-z0-9]');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WeComCryptoError(CryptoErrorCode.IllegalAesKey, 'EncodingAESKey does not decode to 32 bytes');
  return { key, iv: key.subarray(0, 16) };
}

/** msg_signature = hex(SHA1(concat(sort([token, timestamp, nonce, encrypt])))). */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  // One-shot hashing: no Hash object per call, which matters at this size.
  return hash('sha1', [token, timestamp, nonce, encrypt].sort().join(''), 'hex');
}

/**
 * Compares a caller's hex signature with ours without an early exit, so the time
 * taken says nothing about how many characters matched. Upper-case hex is folded
 * to lower case (`| 0x20` maps A-F to a-f and leaves digits alone).
 */
function hexEqualsConstantTime(expectedLowerHex: string, given: string): boolean {
  if (given.length !== expectedLowerHex.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= (given.charCodeAt(i) | 0x20) ^ expectedLowerHex.charCodeAt(i);
  return diff === 0;
}

/**
 * Expected byte length of a base64 text of length 4n: 3n less its '=' padding.
 * Node's decoder silently skips characters outside the alphabet; comparing the
 * decoded length with this catches them.
 */
function base64DecodedLength(text: string): number | undefined {
  if (text.length === 0 || text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

export interface CallbackCredentials {
  token: string;
  encodingAesKey: string;
  /** The corp id for a self-built app: every decrypted message must name it. */
  receiveId: string;
}

/**
 * WeCom's callback crypto for one (token, EncodingAESKey, receive id) triple.
 * Build once per credential set; the key is decoded once.
 */
export class CallbackCrypto {
  private readonly key: KeyObject;
  private readonly iv: Buffer;
  private readonly receiveId: Buffer;
  readonly token: string;

  constructor(credentials: CallbackCredentials) {
    const { key, iv } = decodeEncodingAesKey(credentials.encodingAesKey);
    this.key = createSecretKey(key);
    this.iv = Buffer.from(iv);
    this.token = credentials.token;
    this.receiveId = Buffer.from(credentials.receiveId, 'utf8');
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return computeSignature(this.token, timestamp, nonce, encrypt);
  }

  /** Constant-time comparison of the caller's signature with ours. */
  verifySignature(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    if (signature.length !== SHA1_HEX_LENGTH) return false;
    return hexEqualsConstantTime(this.signature(timestamp, nonce, encrypt), signature);
  }

  /** Throws WeComCryptoError unless the signature matches. */
  assertSignature(signature: string, timestamp: string, nonce: string, encrypt: string): void {
    if (!this.verifySignature(signature, timestamp, nonce, encrypt)) {
      throw new WeComCryptoError(CryptoErrorCode.ValidateSignature, 'signature mismatch');
    }
  }

  /** Decrypts `random(16) ‖ msg_len(4, BE) ‖ msg ‖ receiveid` and checks every part. */
  decrypt(encrypt: string): string {
    const cipherLength = base64DecodedLength(encrypt);
    if (cipherLength === undefined) throw new WeComCryptoError(CryptoErrorCode.DecodeBase64, 'ciphertext is not base64');
    const cipherText = Buffer.from(encrypt, 'base64');
    if (cipherText.length !== cipherLength) throw new WeComCryptoError(CryptoErrorCode.DecodeBase64, 'ciphertext is not base64');
    if (cipherLength % WECOM_BLOCK_SIZE !== 0) {
      throw new WeComCryptoError(CryptoErrorCode.DecryptAes, 'ciphertext length is not a multiple of 32');
    }
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    let padded: Buffer;
    try {
      const head = decipher.update(cipherText);
      const tail = decipher.final();
      // Without auto padding, final() has nothing left for whole blocks: skip the copy.
      padded = tail.length === 0 ? head : Buffer.concat([head, tail]);
    } catch {
      throw new WeComCryptoError(CryptoErrorCode.DecryptAes, 'AES decryption failed');
    }
    const plain = pkcs7Unpad(padded);
    if (plain.length < HEADER_LENGTH) throw new WeComCryptoError(CryptoErrorCode.IllegalBuffer, 'plaintext too short');
    const msgLength = plain.readUInt32BE(RANDOM_LENGTH);
    if (msgLength > plain.length - HEADER_LENGTH) {
      throw new WeComCryptoError(CryptoErrorCode.IllegalBuffer, 'message length out of bounds');
    }
    const receiveId = plain.subarray(HEADER_LENGTH + msgLength);
    if (!receiveId.equals(this.receiveId)) {
      throw new WeComCryptoError(CryptoErrorCode.ValidateReceiveId, 'receive id mismatch');
    }
    return plain.toString('utf8', HEADER_LENGTH, HEADER_LENGTH + msgLength);
  }

  /** Encrypts as WeCom does; `random` is injectable so tests are deterministic. */
  encrypt(message: string, random: Buffer = randomBytes(RANDOM_LENGTH)): string {
    if (random.length !== RANDOM_LENGTH) throw new WeComCryptoError(CryptoErrorCode.EncryptAes, 'random must be 16 bytes');
    const msg = Buffer.from(message, 'utf8');
    const header = Buffer.allocUnsafe(HEADER_LENGTH);
    random.copy(header, 0);
    header.writeUInt32BE(msg.length, RANDOM_LENGTH);
    const padded = pkcs7Pad(Buffer.concat([header, msg, this.receiveId]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }

  /** A signed passive reply / pushed event envelope, as WeCom builds it. */
  sealEnvelope(
    message: string,
    options: { timestamp: string; nonce: string; random?: Buffer },
  ): { encrypt: string; signature: string } {
    const encrypt = this.encrypt(message, options.random);
    return { encrypt, signature: this.signature(options.timestamp, options.nonce, encrypt) };
  }
}
