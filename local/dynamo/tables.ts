import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * Tables of a stage, as serverless.yml declares them. The local stack creates the
 * same ones in dynalite. `expiration` is the TTL attribute in AWS; dynalite never
 * deletes by TTL, so readers check it and a local sweeper removes expired rows.
 */
export function dedupeTableName(stage: string): string {
  return `wecom-connector-${stage}-callback-dedupe`;
}

export function tableDefinitions(stage: string): CreateTableCommandInput[] {
  return [
    {
      TableName: dedupeTableName(stage),
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    },
  ];
}
