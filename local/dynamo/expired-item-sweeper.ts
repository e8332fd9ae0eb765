import { DeleteItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * dynalite never deletes by TTL. Correctness does not depend on it (expiry is
 * checked on read), but without a sweep the local tables only grow. Deletes rows
 * whose `expiration` (epoch seconds) has passed; returns how many.
 */
export async function sweepExpiredItems(client: DynamoDBClient, tableName: string, now: Date = new Date()): Promise<number> {
  let deleted = 0;
  let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#expiration < :now',
        ExpressionAttributeNames: { '#expiration': 'expiration' },
        ExpressionAttributeValues: { ':now': { N: String(Math.floor(now.getTime() / 1000)) } },
        ExclusiveStartKey: startKey,
        ProjectionExpression: 'id',
      }),
    );
    for (const item of page.Items ?? []) {
      await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: { id: item.id! },
          // Only if still expired: a retry may have claimed the id again meanwhile.
          ConditionExpression: '#expiration < :now',
          ExpressionAttributeNames: { '#expiration': 'expiration' },
          ExpressionAttributeValues: { ':now': { N: String(Math.floor(now.getTime() / 1000)) } },
        }),
      ).then(
        () => (deleted += 1),
        (error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        },
      );
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return deleted;
}
