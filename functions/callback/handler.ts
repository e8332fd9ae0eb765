import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CallbackFunctionConfigSchema, readConfig } from '../../shared/config/callback-config';
import { SqsMessageQueue } from '../../shared/queue/sqs-message-queue';
import { AwsSecretStore } from '../../shared/secrets/aws-secret-store';
import { buildCallbackHandler } from './build-handler';

const config = readConfig(CallbackFunctionConfigSchema);

/**
 * WeCom gives up on an answer after 5 s, and a send that hangs holds the event's
 * dedupe claim while WeCom's retries arrive: every AWS call must finish well inside
 * that, so two short attempts and no more.
 */
const fastFail = { maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 1500 } };

/** The deployed callback function: Secrets Manager, SQS FIFO and a DynamoDB dedupe table. */
export const handler = buildCallbackHandler({
  stage: config.STAGE,
  secrets: new AwsSecretStore(new SecretsManagerClient(fastFail), config.SECRET_MAX_AGE_SECONDS),
  queue: new SqsMessageQueue(new SQSClient(fastFail), config.EVENTS_QUEUE_URL),
  dedupeStore: new DynamoDBPersistenceLayer({ tableName: config.DEDUPE_TABLE_NAME, awsSdkV3Client: new DynamoDBClient(fastFail) }),
  maxSkewSeconds: config.CALLBACK_MAX_SKEW_SECONDS,
});
