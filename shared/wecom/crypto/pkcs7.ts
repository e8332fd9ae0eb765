import { CryptoErrorCode, WeComCryptoError } from './crypto-error';

/** WeCom pads to 32-byte blocks, not AES's 16: pad values run 1..32. */
export const WECOM_BLOCK_SIZE = 32;

export function pkcs7Pad(data: Buffer, blockSize = WECOM_BLOCK_SIZE): Buffer {
  const padLength = blockSize - (data.length % blockSize);
  const out = Buffer.allocUnsafe(data.length + padLength);
  data.copy(out, 0);
  out.fill(padLength, data.length);
  return out;
}

/** Strict unpad: the pad value is 1..blockSize and every pad byte carries it. */
export function pkcs7Unpad(data: Buffer, blockSize = WECOM_BLOCK_SIZE): Buffer {
  const padLength = data.length > 0 ? data[data.length - 1]! : 0;
  if (padLength < 1 || padLength > blockSize || padLength > data.length) {
    throw new WeComCryptoError(CryptoErrorCode.DecryptAes, 'bad padding');
  }
  for (let i = data.length - padLength; i < data.length - 1; i++) {
    if (data[i] !== padLength) throw new WeComCryptoError(CryptoErrorCode.DecryptAes, 'bad padding');
  }
  return data.subarray(0, data.length - padLength);
}
