/**
 * The portal with everything it talks to, on loopback ports: an OpenID provider (the development
 * one Guichet's tests use, which accepts any listed account with any password), the Guichet API
 * trusting it and allowing the portal's origin, and the portal itself. Used by `npm run
 * portal:demo` and by the portal's browser test.
 */
import type { Server } from 'node:http';
import { createApp } from '@guichet/api';
import {
  DEMO_MAIL_DOMAINS,
  startOidcProvider,
  type TestAccount,
  type TestOidcProvider,
} from '@guichet/api/testing';
import type { Guichet } from '@guichet/core';
import { freePort } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { createPortalServer, listen } from './server.ts';

/** People who can sign in to the demo (any password): a student, and the VR room's manager. */
export const DEMO_ACCOUNTS: Record<string, TestAccount> = {
  etudiant: { email: 'etudiant@insa-lyon.fr', name: 'Camille Étudiante', eduPersonAffiliation: ['student'] },
  enseignant: {
    email: 'enseignant@insa-rennes.fr',
    name: 'Dominique Enseignant',
    eduPersonAffiliation: ['faculty'],
  },
};

export interface PortalStack {
  portalUrl: string;
  apiUrl: string;
  oidc: TestOidcProvider;
  stop(): Promise<void>;
}

export async function startPortalStack(
  guichet: Guichet,
  accounts: Record<string, TestAccount> = DEMO_ACCOUNTS,
  host = '127.0.0.1',
): Promise<PortalStack> {
  const portalPort = await freePort();
  const portalOrigin = `http://${host}:${portalPort}`;
  const oidc = await startOidcProvider(accounts, 'urn:guichet', {
    publicClients: [{ clientId: 'portal-web', redirectUris: [`${portalOrigin}/`] }],
  });
  const app = createApp(guichet, {
    // One demo provider for every school, authoritative for their mail domains.
    oidcIssuers: [{ issuer: oidc.issuer, audience: oidc.audience, mailDomains: DEMO_MAIL_DOMAINS }],
    corsOrigins: [portalOrigin],
  });
  const apiPort = await freePort();
  const api = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: apiPort }, () => resolve(s as Server));
  });
  const apiUrl = `http://${host}:${apiPort}`;
  const portal = createPortalServer({
    apiUrl,
    issuer: oidc.issuer,
    clientId: 'portal-web',
    audience: oidc.audience,
  });
  const portalUrl = await listen(portal, portalPort, host);
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    portalUrl,
    apiUrl,
    oidc,
    stop: async () => {
      await close(portal);
      await close(api);
      await oidc.stop();
    },
  };
}
