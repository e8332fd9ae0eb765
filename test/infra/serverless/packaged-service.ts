import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** A CloudFormation template as `serverless package` compiles it. */
export interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
  Outputs: Record<string, { Value: unknown }>;
}

export interface PackagedService {
  /** The folder holding the template and the function zips. */
  dir: string;
  template: Template;
  /** What `serverless package` printed (empty when an existing folder was reused). */
  output: string;
  /** Removes the folder if this run created it. */
  cleanup(): void;
}

/**
 * Set to a folder `serverless package --package DIR` already wrote (for instance CI's
 * own package step) to check that instead of packaging again.
 */
export const PACKAGE_DIR_ENV = 'WECOM_PACKAGE_DIR';

const PACKAGE_TIMEOUT_MS = 120_000;

/**
 * Runs `serverless package --stage STAGE --package <tmp>` as CI does: offline, with no
 * AWS credentials and serverless' telemetry and notifications off. A hang (waiting on
 * the network) fails after two minutes instead of stalling the suite.
 */
export async function packageService(stage: string): Promise<PackagedService> {
  const reused = process.env[PACKAGE_DIR_ENV];
  if (reused) return { dir: reused, template: readTemplate(reused), output: '', cleanup: () => undefined };

  const dir = mkdtempSync(join(tmpdir(), 'wecom-sls-package-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) {
    delete env[name];
  }
  const serverless = require.resolve('serverless/bin/serverless.js', { paths: [REPO_ROOT] });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const output = await run(process.execPath, [serverless, 'package', '--stage', stage, '--package', dir], env);
    return { dir, template: readTemplate(dir), output, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function readTemplate(dir: string): Template {
  const path = join(dir, 'cloudformation-template-update-stack.json');
  if (!existsSync(path)) throw new Error(`no compiled template at ${path}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Template;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serverless package did not finish in ${PACKAGE_TIMEOUT_MS} ms:\n${output}`));
    }, PACKAGE_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`serverless package exited with ${code}:\n${output}`));
    });
  });
}

/** The resources of one CloudFormation type, by logical id. */
export function resourcesOfType(template: Template, type: string): [string, Template['Resources'][string]][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
