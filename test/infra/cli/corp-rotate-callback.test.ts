import {
  expectCleanStderr,
  makeDataDir,
  randomAlphanumeric,
  randomAppSecret,
  randomCorpId,
  removeDir,
  runAdmin,
  secretsFileText,
  storedSecret,
} from './cli-harness';

describe('wecom-admin corp rotate-callback', () => {
  const now = new Date('2031-06-01T08:00:00.000Z');
  let dataDir: string;
  let corpId: string;
  let oldToken: string;
  let oldKey: string;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    corpId = randomCorpId();
    oldToken = randomAlphanumeric(32);
    oldKey = randomAlphanumeric(43);
    const added = await runAdmin(
      ['corp', 'add', '--local', '--corp', corpId, '--agent-id', '3', '--secret', randomAppSecret(), '--callback-token', oldToken, '--callback-aes-key', oldKey],
      { dataDir },
    );
    expect(added.code).toBe(0);
  });
  afterEach(() => removeDir(dataDir));

  it('stores a new pair and keeps the old one valid until now + grace', async () => {
    // Act
    const run = await runAdmin(['corp', 'rotate-callback', '--local', '--json', '--corp', corpId, '--grace-hours', '6'], { dataDir, now });

    // Assess
    expect(run.code).toBe(0);
    const stored = await storedSecret(dataDir, corpId, 'callback');
    expect(stored.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(stored.encodingAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(stored.token).not.toBe(oldToken);
    expect(stored.previous).toEqual({ token: oldToken, encodingAesKey: oldKey, validUntil: '2031-06-01T14:00:00.000Z' });
    expect(JSON.parse(run.stdout)).toEqual({
      command: 'corp rotate-callback',
      stage: 'local',
      corpId,
      callbackUrl: `http://127.0.0.1:3000/wecom/${corpId}/callback`,
      callbackUrlIsPlaceholder: false,
      callbackToken: stored.token,
      callbackAesKey: stored.encodingAesKey,
      previousValidUntil: '2031-06-01T14:00:00.000Z',
    });
    // The old pair is not repeated: only the values to paste are printed.
    expect(run.stdout).not.toContain(oldToken);
    expect(run.stdout).not.toContain(oldKey);
  });

  it('defaults to a 24-hour grace period and says when the old pair stops working', async () => {
    const run = await runAdmin(['corp', 'rotate-callback', '--local', '--corp', corpId], { dataDir, now });

    expect(run.code).toBe(0);
    const stored = await storedSecret(dataDir, corpId, 'callback');
    expect((stored.previous as { validUntil: string }).validUntil).toBe('2031-06-02T08:00:00.000Z');
    expect(run.stdout).toContain('The old pair keeps working until 2031-06-02T08:00:00.000Z (1d 0h 0m from now)');
    expect(run.stdout).toContain(`Token           ${String(stored.token)}`);
    expect(run.stdout).toContain(`EncodingAESKey  ${String(stored.encodingAesKey)}`);
  });

  it('uses a given Token and EncodingAESKey', async () => {
    const token = randomAlphanumeric(10);
    const key = randomAlphanumeric(43);
    const run = await runAdmin(['corp', 'rotate-callback', '--local', '--corp', corpId, '--callback-token', token, '--callback-aes-key', key, '--grace-hours', '0.5'], {
      dataDir,
      now,
    });

    expect(run.code).toBe(0);
    expect(await storedSecret(dataDir, corpId, 'callback')).toEqual({
      corpId,
      token,
      encodingAesKey: key,
      previous: { token: oldToken, encodingAesKey: oldKey, validUntil: '2031-06-01T08:30:00.000Z' },
    });
  });

  it('warns that a second rotation inside the grace period drops the older pair', async () => {
    await runAdmin(['corp', 'rotate-callback', '--local', '--corp', corpId], { dataDir, now });
    const run = await runAdmin(['corp', 'rotate-callback', '--local', '--corp', corpId], { dataDir, now: new Date(now.getTime() + 3_600_000) });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: the pair replaced by the previous rotation (valid until 2031-06-02T08:00:00.000Z) no longer works');
  });

  it('fails with exit 1 for an unknown corp and writes nothing', async () => {
    const before = await secretsFileText(dataDir);
    const unknown = randomCorpId();
    const run = await runAdmin(['corp', 'rotate-callback', '--local', '--corp', unknown], { dataDir, now });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wecom-admin: error: corp ${unknown} is not registered in stage local (corp show --local lists corps)\n`);
    expect(await secretsFileText(dataDir)).toBe(before);
  });

  it.each([
    ['--grace-hours', 'soon', '--grace-hours: must be a number of hours, e.g. 24 or 0.5'],
    ['--grace-hours', '721', '--grace-hours: must be at most 720 hours'],
    ['--callback-aes-key', randomAlphanumeric(42), '--callback-aes-key: EncodingAESKey must be exactly 43 characters [A-Za-z0-9]'],
  ])('refuses %s %s with exit 2 and writes nothing', async (flag, value, message) => {
    const before = await secretsFileText(dataDir);
    const run = await runAdmin(['corp', 'rotate-callback', '--local', '--corp', corpId, flag, value], { dataDir, now });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`wecom-admin: error: ${message}\n`);
    expectCleanStderr(run.stderr, [oldToken, oldKey]);
    expect(await secretsFileText(dataDir)).toBe(before);
  });

  it('requires --corp when nobody can be prompted', async () => {
    const run = await runAdmin(['corp', 'rotate-callback', '--local'], { dataDir, now });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^wecom-admin: error: missing --corp /);
  });
});
