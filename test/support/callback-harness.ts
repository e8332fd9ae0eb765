import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { buildCallbackHandler } from '../../functions/callback/build-handler';
import type { CallbackHandler } from '../../functions/callback/make-handler';
import { CorpRegistry } from '../../shared/corps/corp-registry';
import type { Logger } from '../../shared/logging/logger';
import type { MessageQueue } from '../../shared/queue/message-queue';
import { FileSecretStore } from '../../shared/secrets/file-secret-store';
import type { SecretStore } from '../../shared/secrets/secret-store';
import { buildCallbackEnvelope } from '../../shared/wecom/callback/envelope';
import { CallbackCrypto } from '../../shared/wecom/crypto/callback-crypto';
import { startLocalDynamo, type LocalDynamo } from '../../local/dynamo/local-dynamo';
import { dedupeTableName } from '../../local/dynamo/tables';
import { localContext, toApiGatewayEvent } from '../../local/http/api-gateway-event';

export const TEST_STAGE = 'test';

/** A callback handler wired to real local adapters: dynalite in memory, a temp secret file (unless given a store), the given queue. */
export async function callbackHarness(options: { queue: MessageQueue; secrets?: SecretStore; maxSkewSeconds?: number; now?: () => Date; logger?: Logger }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'callback-'));
  const secretsFile = path.join(dir, 'secrets.json');
  const secrets = options.secrets ?? new FileSecretStore(secretsFile);
  const registry = new CorpRegistry(secrets, TEST_STAGE);
  const dynamo: LocalDynamo = await startLocalDynamo({ stage: TEST_STAGE });
  const handler: CallbackHandler = buildCallbackHandler({
    stage: TEST_STAGE,
    secrets,
    queue: options.queue,
    dedupeStore: new DynamoDBPersistenceLayer({ tableName: dedupeTableName(TEST_STAGE), awsSdkV3Client: dynamo.client }),
    maxSkewSeconds: options.maxSkewSeconds ?? 0,
    now: options.now,
    logger: options.logger,
  });
  return { dir, secretsFile, registry, dynamo, handler, stop: () => dynamo.stop() };
}

export function callbackEvent(method: 'GET' | 'POST', corpId: string, query: Record<string, string>, body = ''): APIGatewayProxyEventV2 {
  const search = new URLSearchParams(query).toString().replace(/\+/g, '%20');
  return toApiGatewayEvent(
    { method, url: `/wecom/${encodeURIComponent(corpId)}/callback${search ? `?${search}` : ''}`, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body), sourceIp: '127.0.0.1' },
    { routeKey: `${method} /wecom/{corpId}/callback`, pathParameters: { corpId } },
  );
}

export function invoke(handler: CallbackHandler, event: APIGatewayProxyEventV2) {
  return handler(event, localContext('callback', 10_000));
}

/** Seals a plaintext as WeCom would for one delivery attempt: fresh random, timestamp and nonce. */
export function sealedDelivery(keys: { token: string; encodingAesKey: string }, corpId: string, xml: string, at: Date = new Date()) {
  const crypto = new CallbackCrypto({ ...keys, receiveId: corpId });
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonce = String(randomInt(1, 2 ** 31 - 1));
  const { encrypt, signature } = crypto.sealEnvelope(xml, { timestamp, nonce, random: randomBytes(16) });
  return {
    query: { msg_signature: signature, timestamp, nonce },
    encrypt,
    body: buildCallbackEnvelope({ encrypt, toUserName: corpId, agentId: '1000002' }),
  };
}
