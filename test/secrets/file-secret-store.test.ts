import { mkdtempSync, statSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileSecretStore } from '../../shared/secrets/file-secret-store';

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'secrets-')), 'nested', 'secrets.json');

describe('FileSecretStore', () => {
  it('stores values in a 0600 file and reads them back; a missing name is undefined', async () => {
    const file = tempFile();
    const store = new FileSecretStore(file);
    expect(await store.get('a')).toBeUndefined();
    await store.put('a', 'one');
    expect(await store.get('a')).toBe('one');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.get('toString')).toBeUndefined();
  });

  it("sees another instance's writes at once (the CLI writing while the stack runs)", async () => {
    const file = tempFile();
    const stack = new FileSecretStore(file);
    const cli = new FileSecretStore(file);
    expect(await stack.get('corp')).toBeUndefined();
    await cli.put('corp', 'v1');
    expect(await stack.get('corp')).toBe('v1');
    await cli.put('corp', 'v2-longer');
    expect(await stack.get('corp')).toBe('v2-longer');
  });

  it('loses no update when two writers race', async () => {
    const file = tempFile();
    const writers = [new FileSecretStore(file), new FileSecretStore(file), new FileSecretStore(file)];
    await Promise.all(Array.from({ length: 30 }, (_, i) => writers[i % 3]!.put(`name-${i}`, `value-${i}`)));
    expect(await new FileSecretStore(file).list('name-')).toHaveLength(30);
  });

  it('lists by prefix, sorted', async () => {
    const store = new FileSecretStore(tempFile());
    await store.put('p/b', '2');
    await store.put('p/a', '1');
    await store.put('q/c', '3');
    expect(await store.list('p/')).toEqual(['p/a', 'p/b']);
  });

  it('removes a stale lock left by a killed process', async () => {
    const file = tempFile();
    const store = new FileSecretStore(file);
    await store.put('a', '1');
    writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    await store.put('b', '2');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: '1', b: '2' });
  });

  it('refuses a file that is not a JSON object, without overwriting it', async () => {
    const file = tempFile();
    const store = new FileSecretStore(file);
    await store.put('a', '1');
    writeFileSync(file, '[1,2]');
    await expect(store.get('a')).rejects.toThrow('not a JSON object');
    await expect(store.put('b', '2')).rejects.toThrow('not a JSON object');
    expect(readFileSync(file, 'utf8')).toBe('[1,2]');
  });
});
