import { LOCAL_STAGE } from './data-dir';
import { SANDBOX_CORP_ID } from './sandbox/sandbox-corp';

/** `npm start`: runs the local stack in the foreground until Ctrl-C. */
async function main(): Promise<void> {
  // Lambda runs Node 22; the SDK's notice about Node 20 support is noise on a development machine.
  // Set before the SDK loads, hence the import below.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { startLocalStack } = await import('./stack');
  const stack = await startLocalStack();
  const lines = [
    `wecom-connector local stack (stage "${LOCAL_STAGE}")`,
    `  HTTP            ${stack.httpUrl}`,
    `  status page     ${stack.httpUrl}/   (JSON: ${stack.httpUrl}/status.json)`,
    `  callback URL    ${stack.httpUrl}/wecom/{corpId}/callback`,
    `  DynamoDB        ${stack.dynamo.endpoint} (dynalite, data in ${stack.paths.dynamodb})`,
    `  secrets         ${stack.paths.secrets} (mode 0600)`,
    `  queues          callback-events.fifo → dead letters callback-events-dlq.fifo (state in ${stack.paths.queues})`,
    `  schedules       sweep-expired-dedupe-records every 10 min`,
    `  WeCom sandbox   corp ${SANDBOX_CORP_ID}${stack.sandboxCreated ? ' (provisioned now)' : ''}; push events: POST ${stack.httpUrl}/sandbox/events?sample=NAME`,
    `  admin CLI       npx wecom-admin corp show --local`,
    `Ctrl-C to stop.`,
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => {
        console.log('stopped; data kept in', stack.paths.root);
        process.exit(0);
      },
      (error: unknown) => {
        console.error('stop failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('local stack failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
