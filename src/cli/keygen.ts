import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateKeyPair } from '../record/keys.js';
import { keyIdOf } from '../record/dsse.js';
import { writeFileAtomic } from '../record/write.js';
import { createPublicKey } from 'node:crypto';
import { EXIT, type CliIO } from './io.js';

export const PRIVATE_KEY_FILE = 'launch.key.pem';
export const PUBLIC_KEY_FILE = 'launch.pub.pem';

/** `0bit-launch keygen`: an Ed25519 pair; never overwrites, never prints the private key. */
export function runKeygen(args: { out: string; force: boolean }, io: CliIO): number {
  const dir = resolve(io.cwd, args.out);
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  for (const path of [privatePath, publicPath]) {
    if (existsSync(path) && !args.force) {
      io.err(`0bit-launch keygen: ${relative(io.cwd, path) || path} exists; remove it or pass --force`);
      return EXIT.usage;
    }
  }
  const pair = generateKeyPair();
  writeFileAtomic(privatePath, pair.privateKeyPem, 0o600);
  writeFileAtomic(publicPath, pair.publicKeyPem);
  io.out(
    `wrote ${relative(io.cwd, privatePath)} (private: keep it out of git; runs sign with it through launchPlugin({ signingKey }) or ZEROBIT_LAUNCH_SIGNING_KEY)`,
  );
  io.out(`wrote ${relative(io.cwd, publicPath)} (public, key id ${keyIdOf(createPublicKey(pair.publicKeyPem))})`);
  return EXIT.ok;
}
