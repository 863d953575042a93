import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LaunchError } from '../errors.js';
import { Ed25519Signer } from './dsse.js';

/** PEM text is used as is; anything else is read as a path (relative to `cwd`). */
function pemOrFile(source: string, what: string, cwd: string): string {
  if (source.includes('-----BEGIN')) return source;
  const path = resolve(cwd, source);
  if (!existsSync(path)) {
    throw new LaunchError('KEY_MISSING', `${what}: neither PEM text nor an existing file (${path}); pass PEM text or a path to a PEM file`);
  }
  return readFileSync(path, 'utf8');
}

export function loadPrivateKey(source: string, cwd = process.cwd()): KeyObject {
  const pem = pemOrFile(source, 'signing key', cwd);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw new LaunchError('KEY_INVALID', 'signing key is not a valid PEM private key; generate one with `0bit-launch keygen`', { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new LaunchError('KEY_INVALID', `signing key is ${key.asymmetricKeyType}, expected Ed25519; generate one with \`0bit-launch keygen\``);
  }
  return key;
}

export function loadPublicKey(source: string, cwd = process.cwd()): KeyObject {
  const pem = pemOrFile(source, 'public key', cwd);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new LaunchError('KEY_INVALID', 'public key is not a valid PEM public key (SPKI); use the launch.pub.pem from `0bit-launch keygen`', { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new LaunchError('KEY_INVALID', `public key is ${key.asymmetricKeyType}, expected Ed25519`);
  }
  return key;
}

export function generateKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function configuredSigner(source: string, cwd?: string): Ed25519Signer {
  return new Ed25519Signer(loadPrivateKey(source, cwd), 'configured');
}

export function ephemeralSigner(): Ed25519Signer {
  return new Ed25519Signer(generateKeyPairSync('ed25519').privateKey, 'ephemeral');
}
