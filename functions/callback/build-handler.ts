import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { makeCallbackHandler, type CallbackHandler } from './make-handler';
import type { MessageQueue } from '../../shared/queue/message-queue';
import type { SecretStore } from '../../shared/secrets/secret-store';
import { createLogger, type Logger } from '../../shared/logging/logger';
import { callbackSecretLoader } from '../../shared/corps/callback-secret-loader';
import { CallbackService } from '../../shared/callback/callback-service';
import { CorpCallbackKeys } from '../../shared/callback/corp-callback-keys';
import { PublishOnce } from '../../shared/callback/publish-once';

export interface CallbackWiring {
  stage: string;
  secrets: SecretStore;
  queue: MessageQueue;
  dedupeStore: BasePersistenceLayer;
  maxSkewSeconds: number;
  logger?: Logger;
  now?: () => Date;
}

/** Wires the callback handler from ports; AWS and the local stack pass their own adapters. */
export function buildCallbackHandler(wiring: CallbackWiring): CallbackHandler {
  const logger = wiring.logger ?? createLogger('callback');
  const publisher = new PublishOnce(wiring.queue, wiring.dedupeStore);
  const keys = new CorpCallbackKeys(callbackSecretLoader(wiring.secrets, wiring.stage), wiring.now);
  const service = new CallbackService({ keys, publisher, logger, maxSkewSeconds: wiring.maxSkewSeconds, now: wiring.now });
  return makeCallbackHandler({ service, publisher, logger });
}
