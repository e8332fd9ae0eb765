import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { buildCallbackHandler } from '../functions/callback/build-handler';
import { CallbackSettingsSchema, readConfig } from '../shared/config/callback-config';
import { CorpRegistry } from '../shared/corps/corp-registry';
import { createLogger } from '../shared/logging/logger';
import { FileSecretStore } from '../shared/secrets/file-secret-store';
import { LOCAL_STAGE, localDataPaths, readRunningStack, type LocalDataPaths } from './data-dir';
import { sweepExpiredItems } from './dynamo/expired-item-sweeper';
import { startLocalDynamo, type LocalDynamo } from './dynamo/local-dynamo';
import { dedupeTableName } from './dynamo/tables';
import { LocalHttpServer } from './http/local-server';
import { LocalQueue } from './queue/local-queue';
import { EventPusher, type EventPusherOptions } from './sandbox/event-pusher';
import { ensureSandboxCorp } from './sandbox/sandbox-corp';
import { registerSandboxRoutes } from './sandbox/sandbox-routes';
import { IntervalScheduler } from './schedules/interval-scheduler';
import { renderStatusPage } from './status/status-page';
import { buildStatusReport } from './status/status-report';

export interface LocalStackOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Port of the HTTP server; 0 picks a free one. Default: PORT or 3000. */
  port?: number;
  /** Keep DynamoDB in memory instead of under the data folder (tests). */
  inMemory?: boolean;
  pusher?: EventPusherOptions;
  now?: () => Date;
}

export interface LocalStack {
  httpUrl: string;
  paths: LocalDataPaths;
  dynamo: LocalDynamo;
  registry: CorpRegistry;
  events: LocalQueue;
  deadLetters: LocalQueue;
  scheduler: IntervalScheduler;
  sandboxCreated: boolean;
  stop(): Promise<void>;
}

const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

/**
 * The whole system on one machine: dynalite, the file secret store, the in-process
 * queues and schedules, one HTTP server in front of the real handlers, and the
 * WeCom sandbox.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const paths = localDataPaths(env, options.cwd);
  const settings = readConfig(CallbackSettingsSchema, env);
  const port = options.port ?? Number(env.PORT || 3000);

  const running = await readRunningStack(paths);
  if (running && running.pid !== process.pid) {
    throw new Error(`a local stack (pid ${running.pid}) already uses ${paths.root} at ${running.httpUrl}; stop it or set WECOM_DATA_DIR`);
  }
  await fs.mkdir(paths.root, { recursive: true, mode: 0o700 });

  const dynamo = await startLocalDynamo({ path: options.inMemory ? undefined : paths.dynamodb, stage: LOCAL_STAGE });
  const secrets = new FileSecretStore(paths.secrets);
  const registry = new CorpRegistry(secrets, LOCAL_STAGE);
  const sandboxCreated = await ensureSandboxCorp(registry);

  const deadLetters = new LocalQueue({ name: 'callback-events-dlq.fifo', persistPath: path.join(paths.queues, 'callback-events-dlq.json') });
  const events = new LocalQueue({
    name: 'callback-events.fifo',
    persistPath: path.join(paths.queues, 'callback-events.json'),
    deadLetterQueue: deadLetters,
    maxReceiveCount: 5,
  });
  events.start();

  const callbackHandler = buildCallbackHandler({
    stage: LOCAL_STAGE,
    secrets,
    queue: events,
    dedupeStore: new DynamoDBPersistenceLayer({ tableName: dedupeTableName(LOCAL_STAGE), awsSdkV3Client: dynamo.client }),
    maxSkewSeconds: settings.CALLBACK_MAX_SKEW_SECONDS,
    logger: createLogger('callback'),
    now: options.now,
  });

  const logger = createLogger('local-stack');
  const scheduler = new IntervalScheduler((run) => {
    if (!run.ok) logger.error('scheduled job failed', { job: run.name, error: run.error });
  });
  scheduler.schedule({
    name: 'sweep-expired-dedupe-records',
    everyMs: 10 * 60_000,
    run: async () => {
      await sweepExpiredItems(dynamo.client, dedupeTableName(LOCAL_STAGE));
    },
  });

  const startedAt = new Date();
  const server = new LocalHttpServer();
  let httpUrl = '';
  server.lambdaRoute(['GET', 'POST'], '/wecom/{corpId}/callback', 'callback', callbackHandler, 10_000);
  const status = () =>
    buildStatusReport({ registry, events, deadLetters, httpUrl, dataDir: paths.root, startedAt, wecomApiBase: env.WECOM_API_BASE || DEFAULT_WECOM_API_BASE });
  server.route(['GET'], '/status.json', async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(await status(), null, 2)),
  }));
  server.route(['GET'], '/', async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: Buffer.from(renderStatusPage(await status())),
  }));
  registerSandboxRoutes(server, { registry, pusher: new EventPusher(options.pusher), baseUrl: () => httpUrl });

  try {
    httpUrl = await server.listen(port);
  } catch (error) {
    await Promise.all([events.stop(), deadLetters.stop(), dynamo.stop()]);
    throw error;
  }
  await fs.writeFile(
    paths.runningStack,
    JSON.stringify({ pid: process.pid, httpUrl, dynamoEndpoint: dynamo.endpoint, startedAt: startedAt.toISOString() }, null, 2),
  );

  let stopped: Promise<void> | undefined;
  return {
    httpUrl,
    paths,
    dynamo,
    registry,
    events,
    deadLetters,
    scheduler,
    sandboxCreated,
    stop: () =>
      (stopped ??= (async () => {
        await server.close();
        await scheduler.stop();
        await Promise.all([events.stop(), deadLetters.stop()]);
        await dynamo.stop();
        await fs.rm(paths.runningStack, { force: true });
      })()),
  };
}
