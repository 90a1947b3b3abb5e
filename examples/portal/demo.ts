/**
 * `npm run portal:demo`: Guichet (embedded PostgreSQL, demo catalogue), a development OpenID
 * provider and the portal, all on loopback. Open the printed address and sign in as `etudiant` or
 * `enseignant` (any password). Ctrl-C stops everything.
 */
import { coreConfigFrom, readEnv } from '@guichet/api';
import { createGuichet } from '@guichet/core';
import { DEMO_ACCOUNTS, startPortalStack } from './stack.ts';

const guichet = await createGuichet(coreConfigFrom(readEnv(), { createCluster: true }));
const stack = await startPortalStack(guichet);
console.error(
  `Portal:   ${stack.portalUrl}  (sign in as ${Object.keys(DEMO_ACCOUNTS).join(' or ')}, any password)`,
);
console.error(`API:      ${stack.apiUrl}`);
console.error(`Identity: ${stack.oidc.issuer}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    await guichet.close();
    process.exit(0);
  });
}
