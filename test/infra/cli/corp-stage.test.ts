import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { expectCleanStderr, randomAlphanumeric, randomAppSecret, randomCorpId, runAdmin } from './cli-harness';

// The SDK's multi-line Node 20 notice is not what these tests look at.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Secrets Manager has no local twin, so these tests check the exact calls the CLI makes with --stage. */
describe('wecom-admin against a deployed stage (--stage)', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  const cloudFormation = mockClient(CloudFormationClient);
  const notFound = (): ResourceNotFoundException => new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
  const env = { AWS_REGION: 'eu-west-1' };

  beforeEach(() => {
    secretsManager.reset();
    cloudFormation.reset();
  });

  it('corp add creates the app and callback secrets under wecom-connector/{stage}/corps/{corpId}/', async () => {
    // Prepare
    const corpId = randomCorpId();
    const appSecret = randomAppSecret();
    secretsManager.on(GetSecretValueCommand).rejects(notFound());
    secretsManager.on(PutSecretValueCommand).rejects(notFound());
    secretsManager.on(CreateSecretCommand).resolves({});
    cloudFormation.on(DescribeStacksCommand, { StackName: 'wecom-connector-dev' }).resolves({
      Stacks: [
        {
          StackName: 'wecom-connector-dev',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [{ OutputKey: 'HttpApiUrl', OutputValue: 'https://abc123.execute-api.eu-west-1.amazonaws.com' }],
        },
      ],
    });

    // Act
    const run = await runAdmin(['corp', 'add', '--stage', 'dev', '--json', '--corp', corpId, '--agent-id', '1000002', '--secret', appSecret], { env });

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.callbackUrl).toBe(`https://abc123.execute-api.eu-west-1.amazonaws.com/wecom/${corpId}/callback`);
    expect(output.callbackUrlIsPlaceholder).toBe(false);
    const appName = `wecom-connector/dev/corps/${corpId}/app`;
    const callbackName = `wecom-connector/dev/corps/${corpId}/callback`;
    // SecretString is compared parsed: key order inside the JSON is not part of the contract.
    const calls = secretsManager.calls().map((call) => {
      const { SecretString, ...input } = call.args[0].input as { SecretString?: string };
      return [call.args[0].constructor.name, SecretString === undefined ? input : { ...input, SecretString: JSON.parse(SecretString) }];
    });
    const appValue = { corpId, agentId: '1000002', secret: appSecret };
    const callbackValue = { corpId, token: output.callbackToken, encodingAesKey: output.callbackAesKey };
    expect(calls).toEqual([
      ['GetSecretValueCommand', { SecretId: callbackName }],
      ['PutSecretValueCommand', { SecretId: appName, SecretString: appValue }],
      ['CreateSecretCommand', { Name: appName, SecretString: appValue }],
      ['PutSecretValueCommand', { SecretId: callbackName, SecretString: callbackValue }],
      ['CreateSecretCommand', { Name: callbackName, SecretString: callbackValue }],
    ]);
    expect(output.callbackToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(output.callbackAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('corp add validates before any AWS call', async () => {
    const appSecret = randomAppSecret();
    const run = await runAdmin(['corp', 'add', '--stage', 'dev', '--corp', randomCorpId(), '--agent-id', '1', '--secret', appSecret, '--callback-aes-key', randomAlphanumeric(42)], { env });

    expect(run.code).toBe(2);
    expectCleanStderr(run.stderr, [appSecret]);
    expect(secretsManager.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  it('prints a marked placeholder URL when the stack cannot be read, and still succeeds', async () => {
    // Prepare
    const corpId = randomCorpId();
    secretsManager.on(GetSecretValueCommand).rejects(notFound());
    secretsManager.on(PutSecretValueCommand).resolves({});
    const missing = new Error('Stack with id wecom-connector-prod does not exist');
    missing.name = 'ValidationError';
    cloudFormation.on(DescribeStacksCommand).rejects(missing);

    // Act
    const json = await runAdmin(['corp', 'add', '--stage', 'prod', '--json', '--corp', corpId, '--agent-id', '1', '--secret', randomAppSecret()], { env });

    // Assess
    expect(json.code).toBe(0);
    const output = JSON.parse(json.stdout);
    expect(output.callbackUrl).toBe(`<HttpApiUrl of stack wecom-connector-prod>/wecom/${corpId}/callback`);
    expect(output.callbackUrlIsPlaceholder).toBe(true);
    expect(json.stderr).toContain('warning: could not read output HttpApiUrl of CloudFormation stack wecom-connector-prod in eu-west-1 (ValidationError: Stack with id wecom-connector-prod does not exist)');
  });

  it('corp show lists the stage corps through ListSecrets, filtered by prefix', async () => {
    const [a, b] = [randomCorpId(), randomCorpId()];
    secretsManager.on(ListSecretsCommand).resolves({
      SecretList: [
        { Name: `wecom-connector/prod/corps/${a}/app` },
        { Name: `wecom-connector/prod/corps/${a}/callback` },
        { Name: `wecom-connector/prod/corps/${b}/callback` },
      ],
    });

    const run = await runAdmin(['corp', 'show', '--stage', 'prod', '--json'], { env });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ command: 'corp show', stage: 'prod', corps: [a, b].sort() });
    expect(secretsManager.commandCalls(ListSecretsCommand)[0]?.args[0].input).toEqual({ Filters: [{ Key: 'name', Values: ['wecom-connector/prod/corps/'] }] });
  });

  it('corp rotate-callback on an unknown corp exits 1 and writes nothing', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(notFound());
    const corpId = randomCorpId();

    const run = await runAdmin(['corp', 'rotate-callback', '--stage', 'prod', '--corp', corpId], { env });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wecom-admin: error: corp ${corpId} is not registered in stage prod (corp show --stage prod lists corps)\n`);
    expect(secretsManager.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(secretsManager.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });

  it('reports an AWS failure on one line with exit 1', async () => {
    const denied = new Error('User is not authorized to perform: secretsmanager:ListSecrets');
    denied.name = 'AccessDeniedException';
    secretsManager.on(ListSecretsCommand).rejects(denied);

    const run = await runAdmin(['corp', 'show', '--stage', 'prod', '--region', 'ap-east-1'], { env });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('wecom-admin: error: AccessDeniedException: User is not authorized to perform: secretsmanager:ListSecrets\n');
  });
});
