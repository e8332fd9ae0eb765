import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  ScriptedPrompter,
  expectCleanStderr,
  makeDataDir,
  randomAlphanumeric,
  randomAppSecret,
  randomCorpId,
  removeDir,
  runAdmin,
  secretsFileText,
  secretsPath,
  storedSecret,
} from './cli-harness';

describe('wecom-admin corp add', () => {
  let dataDir: string;
  let corpId: string;
  let appSecret: string;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    corpId = randomCorpId();
    appSecret = randomAppSecret();
  });
  afterEach(() => removeDir(dataDir));

  it('generates a 32-character Token and a 43-character EncodingAESKey, stores both, and prints them with the callback URL', async () => {
    // Act
    const run = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1000002', '--secret', appSecret], { dataDir });

    // Assess
    expect(run.code).toBe(0);
    const callback = await storedSecret(dataDir, corpId, 'callback');
    expect(callback.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(callback.encodingAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(callback.corpId).toBe(corpId);
    expect(await storedSecret(dataDir, corpId, 'app')).toEqual({ corpId, agentId: '1000002', secret: appSecret });
    expect(run.stdout).toContain(`URL             http://127.0.0.1:3000/wecom/${corpId}/callback`);
    expect(run.stdout).toContain(`Token           ${String(callback.token)}`);
    expect(run.stdout).toContain(`EncodingAESKey  ${String(callback.encodingAesKey)}`);
    expect(run.stdout).toContain('接收消息服务器配置');
    expect(run.stdout + run.stderr).not.toContain(appSecret);
  });

  it('generates a different pair on every add', async () => {
    const other = randomCorpId();
    await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1', '--secret', appSecret], { dataDir });
    await runAdmin(['corp', 'add', '--local', '--corp', other, '--agent-id', '1', '--secret', appSecret], { dataDir });

    const [a, b] = [await storedSecret(dataDir, corpId, 'callback'), await storedSecret(dataDir, other, 'callback')];
    expect(a.token).not.toBe(b.token);
    expect(a.encodingAesKey).not.toBe(b.encodingAesKey);
  });

  it('stores a given Token and EncodingAESKey exactly', async () => {
    // Prepare
    const token = randomAlphanumeric(6);
    const key = randomAlphanumeric(43);

    // Act
    const run = await runAdmin(
      ['corp', 'add', '--local', '--corp', corpId, '--agent-id', '7', '--secret', appSecret, '--callback-token', token, '--callback-aes-key', key],
      { dataDir },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(await storedSecret(dataDir, corpId, 'callback')).toEqual({ corpId, token, encodingAesKey: key });
    expect(run.stdout).toContain(`Token           ${token}`);
  });

  it('prints one JSON object with --json and nothing else on stdout', async () => {
    const run = await runAdmin(['corp', 'add', '--local', '--json', '--corp', corpId, '--agent-id', '42', '--secret', appSecret], { dataDir });

    expect(run.code).toBe(0);
    const callback = await storedSecret(dataDir, corpId, 'callback');
    expect(JSON.parse(run.stdout)).toEqual({
      command: 'corp add',
      stage: 'local',
      corpId,
      agentId: '42',
      replaced: false,
      callbackUrl: `http://127.0.0.1:3000/wecom/${corpId}/callback`,
      callbackUrlIsPlaceholder: false,
      callbackToken: callback.token,
      callbackAesKey: callback.encodingAesKey,
    });
    expect(run.stdout).not.toContain(appSecret);
  });

  it("uses the running stack's URL, else PORT", async () => {
    // Prepare: a stack record owned by a live process (this one).
    await fs.writeFile(
      path.join(dataDir, 'stack.json'),
      JSON.stringify({ pid: process.pid, httpUrl: 'http://127.0.0.1:45123/', dynamoEndpoint: 'http://127.0.0.1:1', startedAt: new Date().toISOString() }),
    );
    const other = randomCorpId();

    // Act
    const running = await runAdmin(['corp', 'add', '--local', '--json', '--corp', corpId, '--agent-id', '1', '--secret', appSecret], { dataDir });
    await fs.rm(path.join(dataDir, 'stack.json'));
    const stopped = await runAdmin(['corp', 'add', '--local', '--json', '--corp', other, '--agent-id', '1', '--secret', appSecret], {
      dataDir,
      env: { PORT: '4999' },
    });

    // Assess
    expect(JSON.parse(running.stdout).callbackUrl).toBe(`http://127.0.0.1:45123/wecom/${corpId}/callback`);
    expect(running.stderr).toBe('');
    expect(JSON.parse(stopped.stdout).callbackUrl).toBe(`http://127.0.0.1:4999/wecom/${other}/callback`);
    expect(stopped.stderr).toContain('not running');
  });

  it('writes the secrets file with mode 0600', async () => {
    await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1', '--secret', appSecret], { dataDir });

    const stat = await fs.stat(secretsPath(dataDir));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('refuses a corp that exists (exit 1, nothing changed) and replaces it with --force', async () => {
    // Prepare
    await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1', '--secret', appSecret], { dataDir });
    const before = await secretsFileText(dataDir);
    const newSecret = randomAppSecret();

    // Act
    const refused = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '2', '--secret', newSecret], { dataDir });

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`corp ${corpId} is already registered in stage local; pass --force`);
    expectCleanStderr(refused.stderr, [appSecret, newSecret]);
    expect(await secretsFileText(dataDir)).toBe(before);

    const forced = await runAdmin(['corp', 'add', '--local', '--json', '--force', '--corp', corpId, '--agent-id', '2', '--secret', newSecret], { dataDir });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).replaced).toBe(true);
    expect(forced.stderr).toContain('no longer work');
    expect(await storedSecret(dataDir, corpId, 'app')).toEqual({ corpId, agentId: '2', secret: newSecret });
  });

  describe('bad input: exit 2, one clear line, nothing written', () => {
    const cases: [string, () => string[], string][] = [
      ['a 42-character key', () => ['--callback-aes-key', randomAlphanumeric(42)], '--callback-aes-key: EncodingAESKey must be exactly 43 characters [A-Za-z0-9]'],
      ['a 33-character token', () => ['--callback-token', randomAlphanumeric(33)], '--callback-token: callback token must be 1-32 characters [A-Za-z0-9]'],
      ['a token with symbols', () => ['--callback-token', `${randomAlphanumeric(8)}-_`], '--callback-token: callback token must be 1-32 characters [A-Za-z0-9]'],
    ];
    it.each(cases)('%s', async (_name, extra, message) => {
      const flags = extra();
      const run = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1', '--secret', appSecret, ...flags], { dataDir });

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`wecom-admin: error: ${message}\n`);
      expect(run.stdout).toBe('');
      expectCleanStderr(run.stderr, [appSecret, ...flags.filter((flag) => !flag.startsWith('--'))]);
      expect(await secretsFileText(dataDir)).toBeUndefined();
    });

    it('a non-numeric agent id', async () => {
      const run = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', 'abc', '--secret', appSecret], { dataDir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('wecom-admin: error: --agent-id: agent id must be a number\n');
      expect(await secretsFileText(dataDir)).toBeUndefined();
    });

    it('a malformed corp id', async () => {
      const run = await runAdmin(['corp', 'add', '--local', '--corp', 'ww/../x', '--agent-id', '1', '--secret', appSecret], { dataDir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('wecom-admin: error: --corp: corp id must be 6-64 characters [A-Za-z0-9]\n');
      expect(await secretsFileText(dataDir)).toBeUndefined();
    });

    it('a missing flag when nobody can be prompted', async () => {
      const run = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1'], { dataDir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^wecom-admin: error: missing --secret \(.*CI=true.*\)\n$/);
      expect(await secretsFileText(dataDir)).toBeUndefined();
    });

    it('a bad flag is reported before anything is prompted for', async () => {
      const prompter = new ScriptedPrompter([]);
      const run = await runAdmin(['corp', 'add', '--local', '--callback-aes-key', randomAlphanumeric(42)], { dataDir, prompter });
      expect(run.code).toBe(2);
      expect(prompter.asked).toEqual([]);
      expect(await secretsFileText(dataDir)).toBeUndefined();
    });

    it('an existing store is left byte-for-byte unchanged', async () => {
      await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1', '--secret', appSecret], { dataDir });
      const before = await secretsFileText(dataDir);

      const run = await runAdmin(['corp', 'add', '--local', '--corp', randomCorpId(), '--agent-id', '1', '--secret', appSecret, '--callback-aes-key', randomAlphanumeric(44)], {
        dataDir,
      });

      expect(run.code).toBe(2);
      expect(await secretsFileText(dataDir)).toBe(before);
    });
  });

  describe('on a terminal', () => {
    it('prompts for missing flags, the app secret hidden, and re-asks after an invalid answer', async () => {
      // Prepare
      const prompter = new ScriptedPrompter([corpId, 'not-a-number', '1000002', appSecret]);

      // Act
      const run = await runAdmin(['corp', 'add', '--local', '--json'], { dataDir, prompter });

      // Assess
      expect(run.code).toBe(0);
      expect(prompter.asked).toEqual([
        { question: 'Corp id (企业ID): ', hidden: false },
        { question: 'AgentId of the self-built app: ', hidden: false },
        { question: 'AgentId of the self-built app: ', hidden: false },
        { question: 'App Secret: ', hidden: true },
      ]);
      expect(run.stderr).toContain('--agent-id: agent id must be a number');
      expect(await storedSecret(dataDir, corpId, 'app')).toEqual({ corpId, agentId: '1000002', secret: appSecret });
      expect(JSON.parse(run.stdout).corpId).toBe(corpId);
    });

    it('asks only for what is missing', async () => {
      const prompter = new ScriptedPrompter([appSecret]);
      const run = await runAdmin(['corp', 'add', '--local', '--corp', corpId, '--agent-id', '5'], { dataDir, prompter });

      expect(run.code).toBe(0);
      expect(prompter.asked).toEqual([{ question: 'App Secret: ', hidden: true }]);
    });
  });
});
