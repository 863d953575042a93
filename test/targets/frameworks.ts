import type { Server } from 'node:http';
import { asFetchHandler, endpoint, type Endpoint, type HttpTarget } from '../../src/http/target.js';
import { Integration } from '../fixtures/targets/integration.js';
import { expressApp } from '../fixtures/targets/express-app.js';
import { fastifyApp } from '../fixtures/targets/fastify-app.js';
import { honoApp } from '../fixtures/targets/hono-app.js';
import { koaApp } from '../fixtures/targets/koa-app.js';
import { nextRoutes, nextWebhookWithContext } from '../fixtures/targets/next-routes.js';
import { listen, nodeListener } from '../fixtures/targets/node-server.js';

/** One framework fixture, as a user hands it to the matchers. */
export interface Stack {
  integration: Integration;
  webhook: Endpoint;
  echo: Endpoint;
  checkout: { target: HttpTarget; path: string };
  close?: () => Promise<void>;
}

function sameTarget(target: HttpTarget, integration: Integration, paths = { webhook: '/webhooks/0bit', echo: '/echo', checkout: '/checkout' }): Stack {
  return { integration, webhook: endpoint(target, paths.webhook), echo: endpoint(target, paths.echo), checkout: { target, path: paths.checkout } };
}

/** Every HTTP target kind docs/targets.md lists, each with its own fresh integration. */
export const STACKS: Record<string, () => Promise<Stack>> = {
  'Express app (request listener)': async () => {
    const integration = new Integration();
    return sameTarget(expressApp(integration), integration);
  },
  'Koa app.callback() (request listener)': async () => {
    const integration = new Integration();
    return sameTarget(koaApp(integration).callback(), integration);
  },
  'plain Node request listener': async () => {
    const integration = new Integration();
    return sameTarget(nodeListener(integration), integration);
  },
  'Fastify instance (inject, no port)': async () => {
    const integration = new Integration();
    const app = fastifyApp(integration);
    return { ...sameTarget(app, integration), close: () => app.close() };
  },
  'Hono app (fetch)': async () => {
    const integration = new Integration();
    return sameTarget(honoApp(integration), integration);
  },
  'Next.js route handlers ((Request) => Response)': async () => {
    const integration = new Integration();
    const routes = nextRoutes(integration);
    return {
      integration,
      webhook: endpoint(routes.webhook.POST, '/api/webhooks/0bit'),
      echo: endpoint(routes.echo.POST, '/api/echo'),
      checkout: { target: routes.checkout.POST, path: '/api/checkout' },
    };
  },
  'Next.js route modules ({ POST })': async () => {
    const integration = new Integration();
    const routes = nextRoutes(integration);
    return {
      integration,
      webhook: endpoint(routes.webhook, '/api/webhooks/0bit'),
      echo: endpoint(routes.echo, '/api/echo'),
      checkout: { target: routes.checkout, path: '/api/checkout' },
    };
  },
  'Next.js handler with route context (asFetchHandler)': async () => {
    const integration = new Integration();
    const routes = nextRoutes(integration);
    return {
      integration,
      webhook: endpoint(asFetchHandler(nextWebhookWithContext(integration)), '/api/webhooks/0bit'),
      echo: endpoint(routes.echo.POST, '/api/echo'),
      checkout: { target: routes.checkout.POST, path: '/api/checkout' },
    };
  },
  'real server on a URL': async () => {
    const integration = new Integration();
    const { url, server } = await listen(integration);
    return { ...sameTarget(url, integration), close: () => closeServer(server) };
  },
};

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
