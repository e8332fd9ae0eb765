/**
 * Errors that cross the HTTP edge. `expose` says whether the message may be sent
 * to the caller; everything else becomes a bare 500 so internals never leak.
 */
export class HttpError extends Error {
  readonly expose: boolean;
  constructor(
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.expose = statusCode < 500;
  }
}

export class BadRequestError extends HttpError {
  constructor(message = 'bad request', options?: { cause?: unknown }) {
    super(400, message, options);
    this.name = 'BadRequestError';
  }
}

/** One generic body for every authentication failure: the caller learns nothing about why. */
export class UnauthorizedError extends HttpError {
  constructor(options?: { cause?: unknown }) {
    super(401, 'unauthorized', options);
    this.name = 'UnauthorizedError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'not found', options?: { cause?: unknown }) {
    super(404, message, options);
    this.name = 'NotFoundError';
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(message = 'payload too large') {
    super(413, message);
    this.name = 'PayloadTooLargeError';
  }
}

/** The request was fine but could not be stored; the caller should retry. */
export class ServiceUnavailableError extends HttpError {
  constructor(message = 'temporarily unavailable', options?: { cause?: unknown }) {
    super(503, message, options);
    this.name = 'ServiceUnavailableError';
  }
}
