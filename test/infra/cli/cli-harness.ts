import { randomBytes, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../infra/cli/main';
import type { Prompter } from '../../../infra/cli/prompt';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  prompter?: Prompter;
}

/** Runs the CLI in-process with captured streams and no terminal unless a prompter is given. */
export async function runAdmin(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = { ...(options.dataDir ? { WECOM_DATA_DIR: options.dataDir } : {}), ...options.env };
  const code = await runCli(argv, {
    env,
    cwd: options.dataDir ?? os.tmpdir(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    now: () => options.now ?? new Date(),
    ...(options.prompter ? { prompter: options.prompter } : {}),
  });
  return { code, stdout, stderr };
}

export async function makeDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'wecom-admin-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export function secretsPath(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

/** The secrets file as text, or undefined when it does not exist: compared before/after to prove nothing was written. */
export async function secretsFileText(dataDir: string): Promise<string | undefined> {
  try {
    return await fs.readFile(secretsPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A stored corp secret, parsed. */
export async function storedSecret(dataDir: string, corpId: string, kind: 'app' | 'callback'): Promise<Record<string, unknown>> {
  const all = JSON.parse((await secretsFileText(dataDir)) ?? '{}') as Record<string, string>;
  const raw = all[`wecom-connector/local/corps/${corpId}/${kind}`];
  if (raw === undefined) throw new Error(`no ${kind} secret stored for ${corpId}`);
  return JSON.parse(raw) as Record<string, unknown>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random values made at run time: no realistic secret is ever written in a test file. */
export function randomAppSecret(): string {
  // Alphanumeric on purpose: a value starting with '-' needs `--secret=-…`, tested on its own.
  return randomAlphanumeric(43);
}

export function randomAlphanumeric(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

export function randomCorpId(): string {
  return `ww${randomBytes(8).toString('hex')}`;
}

/** A prompter that answers from a script and records what it was asked. */
export class ScriptedPrompter implements Prompter {
  readonly asked: { question: string; hidden: boolean }[] = [];

  constructor(private readonly answers: string[]) {}

  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    this.asked.push({ question, hidden: options.hidden === true });
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`unexpected question: ${question}`);
    return answer;
  }
}

/** Every error line is one line, names no stack frame, and carries none of the given secrets. */
export function expectCleanStderr(stderr: string, secrets: string[]): void {
  const errorLines = stderr.split('\n').filter((line) => line.startsWith('wecom-admin: error:'));
  expect(errorLines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  for (const secret of secrets) expect(stderr).not.toContain(secret);
}
