import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SecretStore } from './secret-store';

type SecretMap = Record<string, string>;

const LOCK_WAIT_MS = 5_000;
const STALE_LOCK_MS = 30_000;

/**
 * The local stack's secret store: one JSON file, mode 0600, rewritten atomically.
 * Re-read whenever its mtime changes, so a value set by the admin CLI in another
 * process is served at once.
 */
export class FileSecretStore implements SecretStore {
  private cache?: { mtimeMs: number; size: number; secrets: SecretMap };

  constructor(readonly filePath: string) {}

  async get(name: string): Promise<string | undefined> {
    const secrets = await this.load();
    return Object.prototype.hasOwnProperty.call(secrets, name) ? secrets[name] : undefined;
  }

  /** Read-modify-write under a lock file, so the CLI and a running stack never lose each other's update. */
  async put(name: string, value: string): Promise<void> {
    await fs.mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    await this.withLock(async () => {
      this.cache = undefined;
      const secrets = { ...(await this.load()), [name]: value };
      const tmp = `${this.filePath}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
      await fs.chmod(tmp, 0o600);
      await fs.rename(tmp, this.filePath);
      this.cache = undefined;
    });
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const lockPath = `${this.filePath}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await fs.open(lockPath, 'wx', 0o600)).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // A lock older than any write could take was left by a killed process.
        const stat = await fs.stat(lockPath).catch(() => undefined);
        if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) await fs.rm(lockPath, { force: true });
        else if (Date.now() > deadline) throw new Error(`secret file ${this.filePath} is locked by another process`);
        else await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
      }
    }
    try {
      return await work();
    } finally {
      await fs.rm(lockPath, { force: true });
    }
  }

  async list(prefix: string): Promise<string[]> {
    return Object.keys(await this.load()).filter((name) => name.startsWith(prefix)).sort();
  }

  private async load(): Promise<SecretMap> {
    let stat;
    try {
      stat = await fs.stat(this.filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    if (this.cache && this.cache.mtimeMs === stat.mtimeMs && this.cache.size === stat.size) return this.cache.secrets;
    const parsed: unknown = JSON.parse(await fs.readFile(this.filePath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`secret file ${this.filePath} is not a JSON object`);
    }
    const secrets = parsed as SecretMap;
    this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, secrets };
    return secrets;
  }
}
