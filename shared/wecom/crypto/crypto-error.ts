/**
 * Failure codes of WeCom's callback crypto, numbered as in the official
 * libraries (doc 90307) so log lines match WeCom's documentation.
 */
export const CryptoErrorCode = {
  ValidateSignature: -40001,
  ParseXml: -40002,
  IllegalAesKey: -40004,
  ValidateReceiveId: -40005,
  EncryptAes: -40006,
  DecryptAes: -40007,
  IllegalBuffer: -40008,
  DecodeBase64: -40010,
} as const;

export type CryptoErrorCode = (typeof CryptoErrorCode)[keyof typeof CryptoErrorCode];

export class WeComCryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WeComCryptoError';
  }
}
