import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo, type LocalDynamo } from '../../local/dynamo/local-dynamo';
import { sweepExpiredItems } from '../../local/dynamo/expired-item-sweeper';
import { dedupeTableName } from '../../local/dynamo/tables';

describe('sweepExpiredItems (dynalite has no TTL deletion)', () => {
  let dynamo: LocalDynamo;
  const table = dedupeTableName('sweep');
  beforeAll(async () => {
    dynamo = await startLocalDynamo({ stage: 'sweep' });
  });
  afterAll(() => dynamo.stop());

  it('deletes only the rows whose expiration has passed', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const epoch = Math.floor(now.getTime() / 1000);
    for (const [id, expiration] of [['old', epoch - 10], ['fresh', epoch + 3600], ['edge', epoch]] as const) {
      await dynamo.client.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, expiration: { N: String(expiration) } } }));
    }
    expect(await sweepExpiredItems(dynamo.client, table, now)).toBe(1);
    const exists = async (id: string) => Boolean((await dynamo.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }))).Item);
    expect(await exists('old')).toBe(false);
    expect(await exists('fresh')).toBe(true);
    expect(await exists('edge')).toBe(true);
  });
});
