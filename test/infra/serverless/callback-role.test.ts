import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { CallbackFunctionConfigSchema, readConfig } from '../../../shared/config/callback-config';
import { corpSecretName } from '../../../shared/corps/corp-secrets';
import { dedupeTableName, tableDefinitions } from '../../../local/dynamo/tables';
import { iamPatternMatches, substitutePseudoParameters } from './iam-pattern';
import { packageService, resourcesOfType, type PackagedService, type Template } from './packaged-service';
import { readZipEntries } from './zip-entries';

const STAGE = 'test';
const FUNCTION_ID = 'CallbackLambdaFunction';
const ROLE_ID = 'CallbackRole';
const QUEUE_ID = 'CallbackEventsQueue';
const DLQ_ID = 'CallbackEventsDeadLetterQueue';
const TABLE_ID = 'CallbackDedupeTable';
const LOG_GROUP_ID = 'CallbackLogGroup';
const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  [other: string]: unknown;
}

let packaged: PackagedService;
let template: Template;

const props = (id: string): Record<string, unknown> => {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id} in the template`);
  return resource.Properties;
};

beforeAll(async () => {
  packaged = await packageService(STAGE);
  template = packaged.template;
}, 180_000);

afterAll(() => packaged?.cleanup());

describe('serverless package (offline, no AWS credentials)', () => {
  it('reports no configuration problem other than the runtime serverless v3 does not know', () => {
    // Prepare: serverless prints each schema problem as "  at '<path>': <message>".
    const problems = [...packaged.output.matchAll(/^\s*at '([^']+)':/gm)].map((match) => match[1]);

    // Assess
    expect(problems.filter((path) => path !== 'provider.runtime')).toEqual([]);
  });
});

describe('callback role', () => {
  it('is the only role in the stack: no shared default role is generated', () => {
    expect(resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id)).toEqual([ROLE_ID]);
    expect(resourcesOfType(template, 'AWS::IAM::Policy')).toEqual([]);
    expect(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).toEqual([]);
  });

  it('can be assumed by Lambda only and carries no managed policy', () => {
    const role = props(ROLE_ID);

    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.PermissionsBoundary).toBeUndefined();
  });

  it('allows exactly: read corp callback secrets, send to its queue, keep dedupe records, write its own logs', () => {
    // Prepare
    const policies = props(ROLE_ID).Policies as { PolicyDocument: { Statement: Statement[] } }[];
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.PolicyDocument.Statement;

    // Act: the keys that grant, with actions in a stable order.
    const grants = statements.map(({ Sid: _sid, Action, ...rest }) => ({
      ...rest,
      Action: [Action].flat().sort(),
    }));

    // Assess
    expect(grants).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          { 'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:wecom-connector/${STAGE}/corps/*/callback-??????` },
          { 'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:wecom-connector/${STAGE}/corps/*/callback` },
        ],
      },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': [QUEUE_ID, 'Arn'] } },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': [TABLE_ID, 'Arn'] },
      },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [LOG_GROUP_ID, 'Arn'] } },
    ]);
  });

  it("matches the ARNs of this stage's corp callback secrets and no app secret or other stage", () => {
    // Prepare: Secrets Manager ARNs end in "-" and six random characters.
    const policies = props(ROLE_ID).Policies as { PolicyDocument: { Statement: Statement[] } }[];
    const secretStatement = policies[0]!.PolicyDocument.Statement.find((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    const pseudo = { 'AWS::Partition': 'aws', 'AWS::Region': 'ap-southeast-1', 'AWS::AccountId': '123456789012' };
    const patterns = (secretStatement!.Resource as { 'Fn::Sub': string }[]).map((r) => substitutePseudoParameters(r['Fn::Sub'], pseudo));
    const allowed = (arn: string) => patterns.some((pattern) => iamPatternMatches(pattern, arn));
    const arn = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:${name}-AbC123`;
    const requested = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:${name}`;

    // Assess
    expect(allowed(arn(corpSecretName(STAGE, 'ww0123456789abcdef', 'callback')))).toBe(true);
    expect(allowed(requested(corpSecretName(STAGE, 'wwnotregistered01', 'callback')))).toBe(true);
    expect(allowed(arn(corpSecretName(STAGE, 'ww0123456789abcdef', 'app')))).toBe(false);
    expect(allowed(requested(corpSecretName(STAGE, 'ww0123456789abcdef', 'app')))).toBe(false);
    expect(allowed(arn(corpSecretName('prod', 'ww0123456789abcdef', 'callback')))).toBe(false);
    expect(allowed(arn(`${corpSecretName(STAGE, 'ww0123456789abcdef', 'callback')}-old`))).toBe(false);
  });

  it('writes only to the log group of the callback function, which keeps logs 30 days', () => {
    const functionName = props(FUNCTION_ID).FunctionName as string;

    expect(props(LOG_GROUP_ID)).toEqual({ LogGroupName: `/aws/lambda/${functionName}`, RetentionInDays: 30 });
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup').every(([, group]) => group.Properties.RetentionInDays === 30)).toBe(true);
  });
});

describe('callback function', () => {
  it('runs on nodejs22.x with its own role, 256 MB and 10 s', () => {
    const fn = props(FUNCTION_ID);

    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Handler).toBe('functions/callback/handler.handler');
    expect(fn.Role).toEqual({ 'Fn::GetAtt': [ROLE_ID, 'Arn'] });
    expect(fn.MemorySize).toBe(256);
    expect(fn.Timeout).toBe(10);
    expect(template.Resources[FUNCTION_ID]!.DependsOn).toEqual(expect.arrayContaining([LOG_GROUP_ID, ROLE_ID]));
  });

  it('gets an environment the callback config accepts, pointing at its queue and dedupe table', () => {
    // Prepare
    const variables = (props(FUNCTION_ID).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.EVENTS_QUEUE_URL).toEqual({ Ref: QUEUE_ID });
    expect(variables.DEDUPE_TABLE_NAME).toEqual({ Ref: TABLE_ID });

    // Act: resolve the two references as a deployment would.
    const deployed = {
      ...variables,
      EVENTS_QUEUE_URL: `https://sqs.ap-southeast-1.amazonaws.com/123456789012/wecom-connector-${STAGE}-callback-events.fifo`,
      DEDUPE_TABLE_NAME: dedupeTableName(STAGE),
    } as Record<string, string>;
    const config = readConfig(CallbackFunctionConfigSchema, deployed);

    // Assess
    expect(config).toMatchObject({ STAGE, CALLBACK_MAX_SKEW_SECONDS: 600, SECRET_MAX_AGE_SECONDS: 120 });
    expect(variables.POWERTOOLS_SERVICE_NAME).toEqual(expect.any(String));
    expect(variables.POWERTOOLS_LOG_LEVEL).toBe('INFO');
  });

  it('answers GET and POST /wecom/{corpId}/callback through the HTTP API', () => {
    // Prepare
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');

    // Assess
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(['GET /wecom/{corpId}/callback', 'POST /wecom/{corpId}/callback']);
    for (const route of routes) {
      const target = route.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integrationId = target['Fn::Join'][1][1].Ref;
      const integration = integrations.find(([id]) => id === integrationId)?.[1].Properties;
      expect(integration).toMatchObject({ IntegrationUri: { 'Fn::GetAtt': [FUNCTION_ID, 'Arn'] }, PayloadFormatVersion: '2.0' });
    }
    expect(template.Outputs.HttpApiUrl).toBeDefined();
  });
});

describe('callback events queue and dedupe table', () => {
  it('sends events to a FIFO queue that dead-letters after 5 receives', () => {
    expect(props(QUEUE_ID)).toMatchObject({
      QueueName: `wecom-connector-${STAGE}-callback-events.fifo`,
      FifoQueue: true,
      ContentBasedDeduplication: false,
      VisibilityTimeout: 180,
      MessageRetentionPeriod: FOURTEEN_DAYS,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [DLQ_ID, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(props(DLQ_ID)).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: FOURTEEN_DAYS });
    expect((props(DLQ_ID).QueueName as string).endsWith('.fifo')).toBe(true);
  });

  it('keeps dedupe records in the table the local stack also creates, with TTL on expiration', () => {
    // Prepare
    const local = tableDefinitions(STAGE).find((table) => table.TableName === dedupeTableName(STAGE));

    // Assess
    expect(props(TABLE_ID)).toMatchObject({
      TableName: dedupeTableName(STAGE),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: local?.KeySchema,
      AttributeDefinitions: local?.AttributeDefinitions,
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('exports the URLs and names other stacks and the admin CLI need', () => {
    expect(template.Outputs).toMatchObject({
      EventsQueueUrl: { Value: { Ref: QUEUE_ID } },
      EventsQueueArn: { Value: { 'Fn::GetAtt': [QUEUE_ID, 'Arn'] } },
      DeadLetterQueueUrl: { Value: { Ref: DLQ_ID } },
      DedupeTableName: { Value: { Ref: TABLE_ID } },
    });
  });
});

describe('callback artifact', () => {
  it('holds the bundled handler, no node_modules, and leaves only the AWS SDK to the runtime', () => {
    // Prepare
    const zipPath = join(packaged.dir, 'callback.zip');
    expect(existsSync(zipPath)).toBe(true);
    const entries = readZipEntries(zipPath);
    const handler = entries.find((entry) => entry.name === 'functions/callback/handler.js');

    // Act: every module the bundle still requires at run time.
    const required = [...handler!.read().toString('utf8').matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!);

    // Assess
    expect(entries.filter((entry) => entry.name.startsWith('node_modules/'))).toEqual([]);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect(required.filter((name) => !builtins.has(name) && !name.startsWith('@aws-sdk/'))).toEqual([]);
    expect(required).toContain('@aws-sdk/client-sqs');
  });
});
