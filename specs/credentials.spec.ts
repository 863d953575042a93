import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, envFiles } from '../examples/merchant/app.js';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Credentials: live secret keys are server-side only', { tags: ['launch:credentials'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('keeps the secret key out of the client bundle, its source maps, the served pages and public env vars', async () => {
    await expect(app.sandbox.credentials.secretKey).toBeServerSideOnly({ clientDir, pages: [`${app.url}/`], envFiles });
  });

  it('uses a secret key made for the environment under test', () => {
    expect(app.sandbox.credentials.secretKey).toBeKeyForEnvironment('sandbox');
  });
});
