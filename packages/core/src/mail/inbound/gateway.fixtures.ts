import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../../../testing/index.ts';
import type { CoreConfigInput } from '../../config.ts';

/** The mailboxes and Guichet identity every gateway test uses (see the corpus). */
export const CELL = 'cellule-pedagogique@insa-rouen.fr';
export const MOODLE_BOX = 'support-moodle@insa-lyon.fr';
export const MARIE = 'marie.curie@insa-rouen.fr';
export const DOMAIN = 'guichet.groupe-insa.fr';
export const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));

/** The ticket the corpus's replies answer, with the ids its placeholders stand for. */
export interface GatewayWorld {
  g: TestGuichet;
  staff: (email: string) => Promise<{ personId: string }>;
  marie: { personId: string; email: string };
  reference: string;
  ticketId: string;
  notificationId: string;
  query: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  /** A corpus file with its placeholders filled in. */
  corpus: (file: string) => Buffer;
  dispose: () => Promise<void>;
}

/**
 * Given the demo catalogue, the Scenari cell's mailbox (unknown senders held) and Moodle's (refused),
 * Kelis's subject pattern, and Marie Curie's Scenari ticket with a moderator's reply (so a
 * notification to answer) and Kelis's ticket number 4711 on it.
 */
export async function givenGatewayWorld(config: Partial<CoreConfigInput> = {}): Promise<GatewayWorld> {
  const g = await createTestGuichet({
    ...config,
    mail: {
      from: 'Guichet INSA <guichet@groupe-insa.fr>',
      messageIdDomain: DOMAIN,
      ...(config.mail ?? {}),
    },
  });
  const staff = await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({
    providers: [{ code: 'kelis', name: 'Kelis', mailSubjectPattern: '\\[Kelis #(\\d+)\\]' }],
    mailboxes: [
      { address: CELL, service: 'scenari', establishment: 'insa-rouen', unknownSenders: 'hold' },
      { address: MOODLE_BOX, service: 'moodle', unknownSenders: 'refuse' },
    ],
  });
  const marie = await givenPerson(g, {
    email: MARIE,
    displayName: 'Marie Curie',
    establishment: 'insa-rouen',
    affiliation: 'faculty',
  });
  const ticket = await g.tickets.create(marie, {
    title: 'Génération .odt en échec',
    description: 'Erreur XSL dans Opale',
    service: 'scenari',
  });
  const moderator = await staff('scenari.moderation@insa-rouen.fr');
  await g.tickets
    .act(moderator, ticket.reference, {
      action: 'assign',
      team: 'pedagogy-support',
      agent: 'scenari.tech@insa-rouen.fr',
      type: 'incident',
    })
    .catch(() => null);
  await g.tickets.act(moderator, ticket.reference, { action: 'reply', body: 'Pouvez-vous réessayer ?' });
  await g.tickets.act(moderator, ticket.reference, {
    action: 'provider_escalate',
    provider: 'kelis',
    externalId: '4711',
  });
  // The rules turn the timeline into notifications (the scheduler does this after each commit).
  await g.notifications.settle();
  const pool = new pg.Pool({ connectionString: g.databaseUrl, max: 2 });
  const query = async <T>(text: string, params: unknown[] = []) =>
    (await pool.query(text, params)).rows as T[];
  const [notification] = await query<{ id: string }>(
    `select id from notification where ticket_id = $1 and kind = 'ticket.replied' order by created_at desc limit 1`,
    [ticket.id],
  );
  if (!notification) throw new Error('the moderator’s reply queued no notification');
  const fill = (text: string) =>
    text
      .replaceAll('{{REF}}', ticket.reference)
      .replaceAll('{{TICKET_ID}}', ticket.id)
      .replaceAll('{{NOTIFICATION_ID}}', notification.id);
  return {
    g,
    staff,
    marie,
    reference: ticket.reference,
    ticketId: ticket.id,
    notificationId: notification.id,
    query,
    corpus: (file) => {
      const bytes = readFileSync(join(CORPUS, file));
      // Placeholders are ASCII: a latin1 round trip keeps every other byte as it is.
      return Buffer.from(fill(bytes.toString('latin1')), 'latin1');
    },
    async dispose() {
      await pool.end();
      await g.dispose();
    },
  };
}

/** Every corpus file name, sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.eml'))
    .sort();
}
