import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { HttpError } from '../errors';

export function textResponse(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/**
 * The one place errors become responses. An exposed HttpError gives its status and
 * message; anything else is a bare 500. Never a stack, a cause or a secret.
 */
export function errorResponse(error: unknown, logger: Logger): APIGatewayProxyStructuredResultV2 {
  if (error instanceof HttpError && error.expose) return textResponse(error.statusCode, error.message);
  if (error instanceof HttpError) {
    logger.error('request failed', { status: error.statusCode, error: error.message });
    return textResponse(error.statusCode, 'temporarily unavailable');
  }
  logger.error('unexpected error', { error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown' });
  return textResponse(500, 'internal error');
}

/** The request body as bytes-counted text, whether or not API Gateway base64-encoded it. */
export function requestBody(event: { body?: string; isBase64Encoded?: boolean }): { text: string; bytes: number } {
  if (event.body === undefined) return { text: '', bytes: 0 };
  if (event.isBase64Encoded) {
    const buffer = Buffer.from(event.body, 'base64');
    return { text: buffer.toString('utf8'), bytes: buffer.length };
  }
  return { text: event.body, bytes: Buffer.byteLength(event.body, 'utf8') };
}
