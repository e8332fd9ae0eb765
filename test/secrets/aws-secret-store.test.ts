import { mockClient } from 'aws-sdk-client-mock';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AwsSecretStore } from '../../shared/secrets/aws-secret-store';

const notFound = () => new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: {} });

describe('AwsSecretStore (Secrets Manager calls checked with aws-sdk-client-mock)', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => sm.reset());

  it('caches a value for maxAge seconds: two reads, one call', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'a' }).resolves({ SecretString: 'value-a' });
    const store = new AwsSecretStore(new SecretsManagerClient({}), 60);
    expect(await store.get('a')).toBe('value-a');
    expect(await store.get('a')).toBe('value-a');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('never caches a missing secret: a corp added later is found on the next read', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'later' }).rejectsOnce(notFound()).resolves({ SecretString: 'now-here' });
    const store = new AwsSecretStore(new SecretsManagerClient({}), 60);
    expect(await store.get('later')).toBeUndefined();
    expect(await store.get('later')).toBe('now-here');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('passes other failures through (a 5xx for the caller, so WeCom retries)', async () => {
    sm.on(GetSecretValueCommand).rejects(new Error('throttled'));
    const store = new AwsSecretStore(new SecretsManagerClient({}), 60);
    await expect(store.get('x')).rejects.toThrow();
  });

  it('put updates an existing secret, or creates it when missing', async () => {
    sm.on(PutSecretValueCommand, { SecretId: 'exists' }).resolves({});
    sm.on(PutSecretValueCommand, { SecretId: 'new' }).rejects(notFound());
    sm.on(CreateSecretCommand).resolves({});
    const store = new AwsSecretStore(new SecretsManagerClient({}), 60);
    await store.put('exists', 'v1');
    await store.put('new', 'v2');
    expect(sm.commandCalls(CreateSecretCommand).map((c) => c.args[0].input)).toEqual([{ Name: 'new', SecretString: 'v2' }]);
  });

  it('lists by name prefix across pages and drops names that only contain the prefix', async () => {
    sm.on(ListSecretsCommand)
      .resolvesOnce({ SecretList: [{ Name: 'wecom-connector/prod/corps/ww1/app' }, { Name: 'other/wecom-connector/prod/corps/x' }], NextToken: 't' })
      .resolvesOnce({ SecretList: [{ Name: 'wecom-connector/prod/corps/ww1/callback' }] });
    const store = new AwsSecretStore(new SecretsManagerClient({}), 60);
    expect(await store.list('wecom-connector/prod/corps/')).toEqual(['wecom-connector/prod/corps/ww1/app', 'wecom-connector/prod/corps/ww1/callback']);
    expect(sm.commandCalls(ListSecretsCommand)[0]!.args[0].input.Filters).toEqual([{ Key: 'name', Values: ['wecom-connector/prod/corps/'] }]);
  });
});
