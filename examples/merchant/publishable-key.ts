/**
 * The sandbox publishable key compiled into the committed browser bundle. A publishable
 * key is public by design; tests and readiness specs configure the merchant with this
 * same key so the bundle and `GET /api/config` agree.
 */
export const CLIENT_PUBLISHABLE_KEY = 'pk_sandbox_4mRc8QzT1vXw7LbN2pHs6KdY';
