import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CallbackService } from '../../shared/callback/callback-service';
import { MAX_CALLBACK_BODY_BYTES } from '../../shared/callback/callback-request';
import type { PublishOnce } from '../../shared/callback/publish-once';
import { PayloadTooLargeError, HttpError } from '../../shared/errors';
import { errorResponse, requestBody, textResponse } from '../../shared/http/responses';

export interface CallbackHandlerDeps {
  service: CallbackService;
  publisher: PublishOnce;
  logger: Logger;
}

export type CallbackHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** `GET|POST /wecom/{corpId}/callback`: parse the request, call the service, map the result. */
export function makeCallbackHandler(deps: CallbackHandlerDeps): CallbackHandler {
  return async (event, context) => {
    deps.publisher.registerInvocation(context);
    try {
      const corpId = event.pathParameters?.corpId ?? '';
      const query = event.queryStringParameters ?? {};
      switch (event.requestContext.http.method) {
        case 'GET':
          return textResponse(200, await deps.service.verifyUrl(corpId, query));
        case 'POST': {
          const body = requestBody(event);
          if (body.bytes > MAX_CALLBACK_BODY_BYTES) throw new PayloadTooLargeError();
          await deps.service.receiveEvent(corpId, query, body.text);
          return { statusCode: 200, body: '' };
        }
        default:
          throw new HttpError(405, 'method not allowed');
      }
    } catch (error) {
      return errorResponse(error, deps.logger);
    }
  };
}
