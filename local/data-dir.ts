import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Files of the local stack, all under WECOM_DATA_DIR (default `.data`). */
export interface LocalDataPaths {
  root: string;
  secrets: string;
  dynamodb: string;
  queues: string;
  /** Written while `npm start` runs: where its HTTP server and DynamoDB endpoint listen. */
  runningStack: string;
}

export function localDataPaths(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocalDataPaths {
  const root = path.resolve(cwd, env.WECOM_DATA_DIR || '.data');
  return {
    root,
    secrets: path.join(root, 'secrets.json'),
    dynamodb: path.join(root, 'dynamodb'),
    queues: path.join(root, 'queues'),
    runningStack: path.join(root, 'stack.json'),
  };
}

export interface RunningStackInfo {
  pid: number;
  httpUrl: string;
  dynamoEndpoint: string;
  startedAt: string;
}

/** The running stack's record, or undefined when no live stack owns the data folder. */
export async function readRunningStack(paths: LocalDataPaths): Promise<RunningStackInfo | undefined> {
  let info: RunningStackInfo;
  try {
    info = JSON.parse(await fs.readFile(paths.runningStack, 'utf8')) as RunningStackInfo;
  } catch {
    return undefined;
  }
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? info : undefined;
  }
}

/** The stage name under which the local stack files its secrets. */
export const LOCAL_STAGE = 'local';
