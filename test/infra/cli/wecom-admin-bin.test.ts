import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeDataDir, randomAlphanumeric, randomAppSecret, randomCorpId, removeDir, secretsFileText, secretsPath, storedSecret } from './cli-harness';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'infra/bin/wecom-admin.js');

/** The real executable in a child process: proves the tsx shim loads the TypeScript and exit codes reach the shell. */
function runBin(args: string[], dataDir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_DATA_DIR: dataDir, CI: 'true' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('infra/bin/wecom-admin.js', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await makeDataDir();
  });
  afterAll(() => removeDir(dataDir));

  it('is an executable node script', async () => {
    const stat = await fs.stat(BIN);
    expect(stat.mode & 0o111).not.toBe(0);
    expect((await fs.readFile(BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('adds a corp with exit 0, the secrets file at mode 0600', async () => {
    // Prepare
    const corpId = randomCorpId();
    const appSecret = randomAppSecret();

    // Act
    const run = runBin(['corp', 'add', '--local', '--json', '--corp', corpId, '--agent-id', '1000002', '--secret', appSecret], dataDir);

    // Assess
    expect(run.stderr).toContain('not running');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(await storedSecret(dataDir, corpId, 'callback')).toEqual({ corpId, token: output.callbackToken, encodingAesKey: output.callbackAesKey });
    expect((await fs.stat(secretsPath(dataDir))).mode & 0o777).toBe(0o600);
    expect(run.stdout + run.stderr).not.toContain(appSecret);
  });

  it('exits 2 on bad input and 2 on a missing flag without a terminal, writing nothing', async () => {
    const before = await secretsFileText(dataDir);
    const appSecret = randomAppSecret();

    const badKey = runBin(['corp', 'add', '--local', '--corp', randomCorpId(), '--agent-id', '1', '--secret', appSecret, '--callback-aes-key', randomAlphanumeric(42)], dataDir);
    const missing = runBin(['corp', 'add', '--local', '--corp', randomCorpId(), '--agent-id', '1'], dataDir);

    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toBe('wecom-admin: error: --callback-aes-key: EncodingAESKey must be exactly 43 characters [A-Za-z0-9]\n');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^wecom-admin: error: missing --secret /);
    expect(badKey.stderr + missing.stderr).not.toContain(appSecret);
    expect(await secretsFileText(dataDir)).toBe(before);
  });

  it('exits 1 for an unknown corp', () => {
    const run = runBin(['corp', 'show', '--local', '--corp', randomCorpId()], dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^wecom-admin: error: corp ww[0-9a-f]+ is not registered in stage local/);
  });
});
