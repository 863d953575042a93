import { describe, expect, it } from 'vitest';
import { secretsFromEnv } from '../../src/redaction/env.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const RANDOM = 'Zq8vR2mX4tL9wP6s';

describe('secretsFromEnv', () => {
  it.each([
    'SHOP_SECRET',
    'client_secret_value',
    'GITHUB_TOKEN',
    'NPM_TOKEN_RO',
    'DB_PASSWORD',
    'SMTP_PASSWD',
    'GPG_PASSPHRASE',
    'AWS_CREDENTIALS',
    'SHOP_KEY',
    'API_KEYS',
  ])('takes %s by its name', (name) => {
    expect(secretsFromEnv({ [name]: RANDOM })).toEqual([{ name, value: RANDOM, why: 'name' }]);
  });

  it.each(['SHOP_PUBLISHABLE_KEY', 'NEXT_PUBLIC_ANALYTICS_KEY', 'KEYBOARD_LAYOUT', 'MONKEY', 'HOME'])('does not take %s by its name', (name) => {
    expect(secretsFromEnv({ [name]: RANDOM })).toEqual([]);
  });

  it('keeps a publishable key readable whatever the variable is called', () => {
    expect(secretsFromEnv({ SHOP_KEY: 'pk_live_TYooMQauvdEDq54NiTphI7jx' })).toEqual([]);
  });

  it('takes a value by its shape whatever the variable is called, also inside a longer value', () => {
    expect(secretsFromEnv({ CANARY: KEY })).toEqual([{ name: 'CANARY', value: KEY, why: 'shape' }]);
    expect(secretsFromEnv({ JAVA_OPTS: `-Xmx1g -Dshop.key=${KEY} -Dx=1` })).toEqual([{ name: 'JAVA_OPTS', value: KEY, why: 'shape' }]);
  });

  it('takes the password of a URL, decoded, and remembers how the URL spells it', () => {
    expect(secretsFromEnv({ DATABASE_URL: 'postgres://shop:pW9%23xQ2%21mZ7%40kL4@db.internal:5432/shop' })).toEqual([
      { name: 'DATABASE_URL', value: 'pW9#xQ2!mZ7@kL4', why: 'url-userinfo', written: 'pW9%23xQ2%21mZ7%40kL4' },
    ]);
    expect(secretsFromEnv({ REDIS_URL: `redis://:${RANDOM}@cache:6379` })).toEqual([{ name: 'REDIS_URL', value: RANDOM, why: 'url-userinfo' }]);
  });

  it('takes a token standing alone in a URL’s userinfo, never a user name beside a password', () => {
    expect(secretsFromEnv({ GIT_REMOTE: `https://${RANDOM}@git.example/shop.git` })).toEqual([{ name: 'GIT_REMOTE', value: RANDOM, why: 'url-userinfo' }]);
    expect(secretsFromEnv({ DATABASE_URL: `postgres://shop_admin_${RANDOM}:${RANDOM}x@db/shop` }).map((s) => s.value)).toEqual([`${RANDOM}x`]);
  });

  it('takes no value the masking rule refuses, and no file path', () => {
    expect(secretsFromEnv({ DB_PASSWORD: 'postgres', API_TOKEN: '1', DATABASE_URL: 'postgres://postgres:postgres@localhost/db' })).toEqual([]);
    expect(
      secretsFromEnv({
        ZEROBIT_LAUNCH_SIGNING_KEY: './keys/launch-signing.pem',
        SSH_KEY: '/home/ci/.ssh/id_ed25519',
        GOOGLE_CREDENTIALS: 'creds/service-account.json',
      }),
    ).toEqual([]);
  });

  it('takes each value once', () => {
    expect(secretsFromEnv({ SHOP_KEY: KEY, SHOP_KEY_COPY: KEY, OTHER: KEY })).toHaveLength(1);
  });
});
