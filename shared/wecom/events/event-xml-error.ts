/**
 * The decrypted callback payload is not an event document we are willing to read:
 * malformed XML, a DOCTYPE or other declaration, a root other than `<xml>`, more
 * than 64 KiB, or no `<ToUserName>`.
 *
 * Everything else about an event (an unknown type, a field that fails
 * validation) is data, not an error: it comes back as an `unknown` event so the
 * callback is still acknowledged and nothing is lost. Messages never quote the
 * payload, so they are safe to log.
 */
export class EventXmlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventXmlError';
  }
}
