import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The signing secret of a subscription, in the Standard Webhooks format (`whsec_<base64>`):
 * HKDF-SHA256 of the server's webhook key, with the subscription's id and secret version as the
 * context. Nothing secret is stored in the database: a leaked backup yields no secret, and a
 * rotation (new version) changes the secret without storing anything either.
 */
export function deriveSecret(serverKey: Buffer, subscriptionId: string, version: number): string {
  const bytes = hkdfSync(
    'sha256',
    serverKey,
    Buffer.from('guichet-webhooks-v1'),
    Buffer.from(`${subscriptionId}:${version}`),
    32,
  );
  return `whsec_${Buffer.from(bytes).toString('base64')}`;
}

/**
 * Reads the webhook key from `file`, creating it (32 random bytes, base64, mode 0600) if missing.
 * Several processes starting at once agree: only one creation succeeds (`wx`), the others read it.
 */
export async function loadOrCreateKey(file: string): Promise<Buffer> {
  try {
    return decodeKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return decodeKey(await readFile(file, 'utf8'));
}

function decodeKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new Error('the webhook key file must hold base64 of at least 32 bytes');
  return key;
}
