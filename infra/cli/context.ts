import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CorpRegistry } from '../../shared/corps/corp-registry';
import { FileSecretStore } from '../../shared/secrets/file-secret-store';
import type { SecretStore } from '../../shared/secrets/secret-store';
import { LOCAL_STAGE, localDataPaths, readRunningStack } from '../../local/data-dir';
import { UsageError, oneLine } from './errors';
import type { Prompter } from './prompt';

/** Anything text can be written to: process.stdout in real runs, a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/** What a run needs from the outside world; tests pass their own. */
export interface CliDeps {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: TextSink;
  stderr: TextSink;
  now: () => Date;
  /** Undefined when nobody can answer (no terminal, CI=true): missing flags are then errors. */
  prompter?: Prompter;
}

export type Target =
  | { kind: 'local'; stage: string; dataDir: string; secretsFile: string }
  | { kind: 'stage'; stage: string; region: string };

/** Serverless stage names end up in stack and secret names, so only these characters. */
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Exactly one of --local / --stage: a CLI that guessed the target could write secrets to the wrong place. */
export function resolveTarget(flags: { local?: boolean; stage?: string; region?: string }, deps: Pick<CliDeps, 'env' | 'cwd'>): Target {
  if (flags.local && flags.stage !== undefined) throw new UsageError('give either --local or --stage NAME, not both');
  if (flags.local) {
    if (flags.region !== undefined) throw new UsageError('--region applies only to --stage');
    const paths = localDataPaths(deps.env, deps.cwd);
    return { kind: 'local', stage: LOCAL_STAGE, dataDir: paths.root, secretsFile: paths.secrets };
  }
  if (flags.stage === undefined) {
    throw new UsageError('choose where to act: --local (the local stack) or --stage NAME (a deployed stage)');
  }
  if (!STAGE_NAME.test(flags.stage)) throw new UsageError('--stage: stage name must be 1-32 characters [A-Za-z0-9-], starting with a letter or digit');
  const region = flags.region ?? (deps.env.AWS_REGION || deps.env.AWS_DEFAULT_REGION);
  if (!region) throw new UsageError('--stage needs an AWS region: set AWS_REGION or pass --region');
  if (!REGION_NAME.test(region)) throw new UsageError('--region: not an AWS region name (like eu-west-1)');
  return { kind: 'stage', stage: flags.stage, region };
}

/** Where WeCom reaches a stage, as the three values of the console's 接收消息服务器配置 need it. */
export interface CallbackUrl {
  url: string;
  /** True when the stage's real URL could not be read and `url` is a marked stand-in. */
  placeholder: boolean;
  /** Why the URL is what it is, for people (not printed with --json). */
  note?: string;
}

/** Writes a command's result: one JSON object for scripts, or lines for people. */
export class Output {
  constructor(
    private readonly stdout: TextSink,
    private readonly stderr: TextSink,
    readonly json: boolean,
  ) {}

  result(data: Record<string, unknown>, lines: string[]): void {
    this.stdout.write(this.json ? `${JSON.stringify(data, null, 2)}\n` : `${lines.join('\n')}\n`);
  }

  /** Warnings go to stderr so they never corrupt `--json` output. */
  warn(message: string): void {
    this.stderr.write(`warning: ${oneLine(message)}\n`);
  }
}

/** What every command receives: the target's registry, output, clock and the stage's callback URL. */
export interface CliContext {
  readonly target: Target;
  readonly stage: string;
  readonly store: SecretStore;
  readonly registry: CorpRegistry;
  readonly out: Output;
  now(): Date;
  callbackUrl(corpId: string): Promise<CallbackUrl>;
  /** How to re-run a command against the same target, for hints in messages. */
  readonly targetFlags: string;
}

export interface OpenedContext extends CliContext {
  close(): void;
}

export async function openContext(target: Target, deps: CliDeps, json: boolean): Promise<OpenedContext> {
  const out = new Output(deps.stdout, deps.stderr, json);
  return target.kind === 'local' ? openLocal(target, deps, out) : openStage(target, deps, out);
}

function openLocal(target: Extract<Target, { kind: 'local' }>, deps: CliDeps, out: Output): OpenedContext {
  // The running stack re-reads this file when it changes, so the CLI writes it
  // directly whether or not `npm start` is up.
  const store = new FileSecretStore(target.secretsFile);
  let base: Promise<{ url: string; note?: string }> | undefined;
  const resolveBase = async (): Promise<{ url: string; note?: string }> => {
    const running = await readRunningStack(localDataPaths(deps.env, deps.cwd));
    if (running) return { url: running.httpUrl };
    const port = deps.env.PORT || '3000';
    return { url: `http://127.0.0.1:${port}`, note: `the local stack is not running; this URL assumes it will listen on port ${port}` };
  };
  return {
    target,
    stage: target.stage,
    store,
    registry: new CorpRegistry(store, target.stage),
    out,
    now: deps.now,
    targetFlags: '--local',
    async callbackUrl(corpId) {
      base ??= resolveBase();
      const { url, note } = await base;
      return { url: callbackPath(url, corpId), placeholder: false, ...(note ? { note } : {}) };
    },
    close() {},
  };
}

/** The stack `serverless deploy` creates for a stage (service name + stage). */
export function stackName(stage: string): string {
  return `wecom-connector-${stage}`;
}

async function openStage(target: Extract<Target, { kind: 'stage' }>, deps: CliDeps, out: Output): Promise<OpenedContext> {
  // Loaded only for --stage: the AWS SDK is most of the CLI's start-up time.
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { AwsSecretStore } = await import('../../shared/secrets/aws-secret-store');
  const secretsManager: SecretsManagerClient = new SecretsManagerClient({ region: target.region });
  let cloudFormation: CloudFormationClient | undefined;
  let base: Promise<{ url?: string; reason?: string }> | undefined;
  const resolveBase = async (): Promise<{ url?: string; reason?: string }> => {
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    cloudFormation = new CloudFormationClient({ region: target.region });
    try {
      const answer = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName(target.stage) }), {
        abortSignal: AbortSignal.timeout(15_000),
      });
      const url = answer.Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'HttpApiUrl')?.OutputValue;
      return url ? { url } : { reason: 'the stack has no HttpApiUrl output' };
    } catch (error) {
      return { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
  const store = new AwsSecretStore(secretsManager);
  return {
    target,
    stage: target.stage,
    store,
    registry: new CorpRegistry(store, target.stage),
    out,
    now: deps.now,
    targetFlags: `--stage ${target.stage}`,
    async callbackUrl(corpId) {
      base ??= resolveBase();
      const { url, reason } = await base;
      if (url) return { url: callbackPath(url, corpId), placeholder: false };
      // Secrets are written even when the stack cannot be read (not deployed yet,
      // no cloudformation:DescribeStacks), so say so instead of failing.
      return {
        url: callbackPath(`<HttpApiUrl of stack ${stackName(target.stage)}>`, corpId),
        placeholder: true,
        note: `could not read output HttpApiUrl of CloudFormation stack ${stackName(target.stage)} in ${target.region} (${reason ?? 'unknown'}); the URL is a placeholder — deploy the stage, then run corp show --stage ${target.stage} --corp ${corpId}`,
      };
    },
    close() {
      secretsManager.destroy();
      cloudFormation?.destroy();
    },
  };
}

/** The callback route from DESIGN.md "Contracts": `{base}/wecom/{corpId}/callback`. */
export function callbackPath(base: string, corpId: string): string {
  return `${base.replace(/\/+$/, '')}/wecom/${corpId}/callback`;
}
