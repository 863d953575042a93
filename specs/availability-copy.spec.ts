import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, copyDir } from '../examples/merchant/app.js';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Availability: customer-facing copy makes no region or verification promises', { tags: ['launch:availability'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('claims no permanent region availability, promises no verification outcome, and shows the checkout without a hardcoded country list', async () => {
    // The catalogues and emails, the built bundle, and the page as served (with the scripts it loads).
    await expect({ copyDir: [copyDir, clientDir], pages: [`${app.url}/`] }).toAvoidHardcodedClaims();
  });
});
