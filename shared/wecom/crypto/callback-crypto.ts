import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CryptoErrorCode, WeComCryptoError } from './crypto-error';
import { WECOM_BLOCK_SIZE, pkcs7Pad, pkcs7Unpad } from './pkcs7';

const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE = /^[0-9a-f]{40}$/i;
const RANDOM_LENGTH = 16;
const LENGTH_FIELD = 4;
const HEADER_LENGTH = RANDOM_LENGTH + LENGTH_FIELD;

export function isValidEncodingAesKey(key: string): boolean {
  return ENCODING_AES_KEY.test(key);
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
  const parts = [token, timestamp, nonce, encrypt].sort();
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
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
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly receiveId: Buffer;
  readonly token: string;

  constructor(credentials: CallbackCredentials) {
    const { key, iv } = decodeEncodingAesKey(credentials.encodingAesKey);
    this.key = key;
    this.iv = iv;
    this.token = credentials.token;
    this.receiveId = Buffer.from(credentials.receiveId, 'utf8');
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return computeSignature(this.token, timestamp, nonce, encrypt);
  }

  /** Constant-time comparison of the caller's signature with ours. */
  verifySignature(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    if (!SIGNATURE.test(signature)) return false;
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypt), 'latin1');
    return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'latin1'));
  }

  /** Throws WeComCryptoError unless the signature matches. */
  assertSignature(signature: string, timestamp: string, nonce: string, encrypt: string): void {
    if (!this.verifySignature(signature, timestamp, nonce, encrypt)) {
      throw new WeComCryptoError(CryptoErrorCode.ValidateSignature, 'signature mismatch');
    }
  }

  /** Decrypts `random(16) ‖ msg_len(4, BE) ‖ msg ‖ receiveid` and checks every part. */
  decrypt(encrypt: string): string {
    if (encrypt.length === 0 || encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) {
      throw new WeComCryptoError(CryptoErrorCode.DecodeBase64, 'ciphertext is not base64');
    }
    const cipherText = Buffer.from(encrypt, 'base64');
    if (cipherText.length === 0 || cipherText.length % WECOM_BLOCK_SIZE !== 0) {
      throw new WeComCryptoError(CryptoErrorCode.DecryptAes, 'ciphertext length is not a multiple of 32');
    }
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    let padded: Buffer;
    try {
      padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
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
