import { defineCommand } from '../../../infra/cli/command';
import { COMMANDS } from '../../../infra/cli/commands';
import { runCli } from '../../../infra/cli/main';
import { expectCleanStderr, makeDataDir, randomAppSecret, randomCorpId, removeDir, runAdmin, secretsFileText, storedSecret } from './cli-harness';

describe('wecom-admin dispatch and global flags', () => {
  let dataDir: string;
  let appSecret: string;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    appSecret = randomAppSecret();
  });
  afterEach(() => removeDir(dataDir));

  const addFlags = (): string[] => ['--corp', randomCorpId(), '--agent-id', '1', '--secret', appSecret];

  it('requires one of --local / --stage (exit 2, nothing written)', async () => {
    const run = await runAdmin(['corp', 'add', ...addFlags()], { dataDir });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('wecom-admin: error: choose where to act: --local (the local stack) or --stage NAME (a deployed stage)\n');
    expectCleanStderr(run.stderr, [appSecret]);
    expect(await secretsFileText(dataDir)).toBeUndefined();
  });

  it('refuses both --local and --stage (exit 2, nothing written)', async () => {
    const run = await runAdmin(['corp', 'add', '--local', '--stage', 'prod', ...addFlags()], { dataDir });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('wecom-admin: error: give either --local or --stage NAME, not both\n');
    expect(await secretsFileText(dataDir)).toBeUndefined();
  });

  it.each([
    [['corp', 'frob', '--local'], "unknown command 'corp frob'; corp verbs: add, show, rotate-callback"],
    [['frob', '--local'], "unknown command 'frob'; commands: corp (see wecom-admin --help)"],
    [['corp', '--local'], "'corp' needs a verb: add, show, rotate-callback"],
    [['--local'], "no command given; run 'wecom-admin --help' for the list"],
    [[], "no command given; run 'wecom-admin --help' for the list"],
  ])('refuses %j with exit 2', async (argv, message) => {
    const run = await runAdmin(argv, { dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`wecom-admin: error: ${message}\n`);
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown flag and a stray argument, without echoing values that may be secrets', async () => {
    const unknownFlag = await runAdmin(['corp', 'add', '--local', '--secert', appSecret], { dataDir });
    const stray = await runAdmin(['corp', 'add', '--local', ...addFlags(), appSecret], { dataDir });

    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toBe("wecom-admin: error: unknown flag '--secert' (see wecom-admin corp add --help)\n");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toBe("wecom-admin: error: unexpected argument (value not shown) after 'corp add'\n");
    expectCleanStderr(stray.stderr, [appSecret]);
    expect(await secretsFileText(dataDir)).toBeUndefined();
  });

  it('explains how to pass a value that starts with a dash', async () => {
    const run = await runAdmin(['corp', 'add', '--local', '--corp', randomCorpId(), '--agent-id', '1', '--secret', `-${appSecret}`], { dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--secret needs a value; to give one starting with '-', write --secret=-…");
    expectCleanStderr(run.stderr, [appSecret]);
  });

  it('accepts a value starting with a dash written as --secret=-…', async () => {
    const corpId = randomCorpId();
    const run = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1', `--secret=-${appSecret}`], { dataDir });

    expect(run.code).toBe(0);
    expect(await storedSecret(dataDir, corpId, 'app')).toEqual({ corpId, agentId: '1', secret: `-${appSecret}` });
  });

  it('validates --stage and needs a region for it', async () => {
    const badName = await runAdmin(['corp', 'show', '--stage', 'prod/x'], { dataDir });
    const noRegion = await runAdmin(['corp', 'show', '--stage', 'prod'], { dataDir, env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' } });

    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/^wecom-admin: error: --stage: stage name must be/);
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toBe('wecom-admin: error: --stage needs an AWS region: set AWS_REGION or pass --region\n');
  });

  it('prints help on stdout with exit 0', async () => {
    const global = await runAdmin(['--help'], { dataDir });
    const command = await runAdmin(['corp', 'rotate-callback', '-h'], { dataDir });

    expect(global.code).toBe(0);
    expect(global.stdout).toMatch(/^Usage: wecom-admin <command> \(--local \| --stage NAME\) \[flags\]/);
    for (const verb of ['corp add', 'corp show', 'corp rotate-callback']) expect(global.stdout).toContain(verb);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^Usage: wecom-admin corp rotate-callback \(--local \| --stage NAME\) --corp ID \[flags\]/);
    expect(command.stdout).toContain('--grace-hours H');
    expect(global.stderr + command.stderr).toBe('');
  });

  it('turns an unexpected failure into one line without a stack', async () => {
    // Prepare: a verb that fails the way a bug or an SDK would.
    const broken = defineCommand({
      path: ['test', 'boom'],
      summary: 'fails',
      flags: {},
      async run() {
        throw new TypeError('something\nwent wrong', { cause: new Error('root cause') });
      },
    });
    let stderr = '';

    // Act
    const code = await runCli(
      ['test', 'boom', '--local'],
      { env: { WECOM_DATA_DIR: dataDir }, cwd: dataDir, stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) }, now: () => new Date() },
      [...COMMANDS, broken],
    );

    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe('wecom-admin: error: TypeError: something went wrong (Error: root cause)\n');
  });

  it('gives every flag name one meaning across verbs (the dispatcher finds verbs with one table)', () => {
    const seen = new Map<string, string>();
    for (const command of COMMANDS) {
      for (const [name, spec] of Object.entries(command.flags)) {
        const shape = `${spec.type}/${spec.multiple === true}`;
        expect(seen.get(name) ?? shape).toBe(shape);
        seen.set(name, shape);
      }
    }
  });
});
