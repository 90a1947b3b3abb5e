/** Test helpers for @guichet/core users (api, cli, e2e): real databases and partial-override builders. */

export { freePort } from '../src/db/embedded.ts';
export {
  ADMIN_SCOPES,
  administering,
  aTicketState,
  eventually,
  givenDemoCatalogue,
  givenPerson,
} from './builders.ts';
export { adminQuery, createTestGuichet, type TestGuichet, withDatabase } from './database.ts';
export { type Receiver, startReceiver } from './smtp-receiver.ts';
export { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
