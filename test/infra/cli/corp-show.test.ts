import {
  expectCleanStderr,
  makeDataDir,
  randomAlphanumeric,
  randomAppSecret,
  randomCorpId,
  removeDir,
  runAdmin,
  secretsFileText,
} from './cli-harness';

describe('wecom-admin corp show', () => {
  let dataDir: string;
  let corpId: string;
  let appSecret: string;
  let token: string;
  let key: string;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    corpId = randomCorpId();
    appSecret = randomAppSecret();
    token = randomAlphanumeric(32);
    key = randomAlphanumeric(43);
    const added = await runAdmin(
      ['corp', 'add', '--local', '--corp', corpId, '--agent-id', '1000002', '--secret', appSecret, '--callback-token', token, '--callback-aes-key', key],
      { dataDir },
    );
    expect(added.code).toBe(0);
  });
  afterEach(() => removeDir(dataDir));

  it('lists corps, sorted, without --corp', async () => {
    const other = `wa${randomAlphanumeric(10)}`;
    await runAdmin(['corp', 'add', '--local', '--corp', other, '--agent-id', '1', '--secret', randomAppSecret()], { dataDir });

    const text = await runAdmin(['corp', 'show', '--local'], { dataDir });
    const json = await runAdmin(['corp', 'show', '--local', '--json'], { dataDir });

    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`${[corpId, other].sort().join('\n')}\n`);
    expect(JSON.parse(json.stdout)).toEqual({ command: 'corp show', stage: 'local', corps: [corpId, other].sort() });
  });

  it('says so when no corp is registered', async () => {
    const empty = await makeDataDir();
    try {
      const run = await runAdmin(['corp', 'show', '--local', '--json'], { dataDir: empty });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).corps).toEqual([]);
      expect(await secretsFileText(empty)).toBeUndefined();
    } finally {
      await removeDir(empty);
    }
  });

  it('shows a corp without any secret value', async () => {
    const text = await runAdmin(['corp', 'show', '--local', '--corp', corpId], { dataDir });
    const json = await runAdmin(['corp', 'show', '--local', '--json', '--corp', corpId], { dataDir });

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Corp              ${corpId}`);
    expect(text.stdout).toContain('AgentId           1000002');
    expect(text.stdout).toContain(`Callback URL      http://127.0.0.1:3000/wecom/${corpId}/callback`);
    expect(text.stdout).toContain('Previous pair     none');
    for (const run of [text, json]) {
      for (const secret of [appSecret, token, key]) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(JSON.parse(json.stdout)).toEqual({
      command: 'corp show',
      stage: 'local',
      corpId,
      agentId: '1000002',
      callbackUrl: `http://127.0.0.1:3000/wecom/${corpId}/callback`,
      callbackUrlIsPlaceholder: false,
      previousCallback: null,
      revealed: {},
    });
  });

  it('reveals exactly the secrets named by --reveal', async () => {
    const one = await runAdmin(['corp', 'show', '--local', '--corp', corpId, '--reveal', 'app-secret'], { dataDir });
    const two = await runAdmin(['corp', 'show', '--local', '--json', '--corp', corpId, '--reveal', 'callback-token', '--reveal', 'callback-aes-key'], { dataDir });

    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`app-secret        ${appSecret}`);
    expect(one.stdout).not.toContain(token);
    expect(one.stdout).not.toContain(key);
    expect(JSON.parse(two.stdout).revealed).toEqual({ 'callback-token': token, 'callback-aes-key': key });
    expect(two.stdout).not.toContain(appSecret);
  });

  it('refuses an unknown --reveal name (exit 2)', async () => {
    const run = await runAdmin(['corp', 'show', '--local', '--corp', corpId, '--reveal', 'everything'], { dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('wecom-admin: error: --reveal: must be one of app-secret, callback-token, callback-aes-key\n');
    expect(run.stdout).toBe('');
  });

  it('fails with exit 1 for an unknown corp', async () => {
    const unknown = randomCorpId();
    const run = await runAdmin(['corp', 'show', '--local', '--corp', unknown], { dataDir });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wecom-admin: error: corp ${unknown} is not registered in stage local (corp show --local lists corps)\n`);
    expect(run.stdout).toBe('');
  });

  it('tells whether the previous pair is still in its grace period, and until when', async () => {
    // Prepare
    const rotatedAt = new Date('2030-01-01T00:00:00.000Z');
    await runAdmin(['corp', 'rotate-callback', '--local', '--corp', corpId, '--grace-hours', '2'], { dataDir, now: rotatedAt });

    // Act
    const during = await runAdmin(['corp', 'show', '--local', '--json', '--corp', corpId], { dataDir, now: new Date('2030-01-01T01:30:00.000Z') });
    const duringText = await runAdmin(['corp', 'show', '--local', '--corp', corpId], { dataDir, now: new Date('2030-01-01T01:30:00.000Z') });
    const after = await runAdmin(['corp', 'show', '--local', '--json', '--corp', corpId], { dataDir, now: new Date('2030-01-01T02:00:01.000Z') });

    // Assess
    expect(JSON.parse(during.stdout).previousCallback).toEqual({ validUntil: '2030-01-01T02:00:00.000Z', inGrace: true });
    expect(duringText.stdout).toContain('Previous pair     still accepted until 2030-01-01T02:00:00.000Z (30m left)');
    expect(JSON.parse(after.stdout).previousCallback).toEqual({ validUntil: '2030-01-01T02:00:00.000Z', inGrace: false });
    for (const run of [during, duringText, after]) expect(run.stdout).not.toContain(token);
  });

  it('does not print secrets in errors about them', async () => {
    const run = await runAdmin(['corp', 'show', '--local', '--corp', corpId, '--reveal', appSecret], { dataDir });
    expect(run.code).toBe(2);
    expectCleanStderr(run.stderr, [appSecret]);
  });
});
