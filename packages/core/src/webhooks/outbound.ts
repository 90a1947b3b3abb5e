import type { EntityManager } from '@mikro-orm/postgresql';
import type { WebhookEventInput } from './webhook.service.ts';

/**
 * What a capability needs to send its own events out (announcements, the knowledge base): write
 * them in its transaction, then ask for delivery once it has committed. `WebhookService` is one;
 * capabilities take this interface, not the service, so that they depend on no more than this.
 */
export interface Outbound {
  /** Writes the event's deliveries in the caller's transaction `em`. */
  enqueue(em: EntityManager, event: WebhookEventInput): Promise<number>;
  /** Delivers soon (after the commit). */
  kick(): void;
}

/** Sends nothing: for a capability built without webhooks. */
export const NO_OUTBOUND: Outbound = {
  enqueue: async () => 0,
  kick: () => {},
};
