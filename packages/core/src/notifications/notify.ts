import type { EntityManager } from '@mikro-orm/postgresql';
import { translate } from '../i18n/messages.ts';
import type { Person } from '../people/person.entity.ts';
import type { Ticket } from '../tickets/ticket.entity.ts';
import { Notification } from './notification.entity.ts';

export type NotificationReason = 'rejected' | 'info_requested' | 'resolved' | 'closed' | 'replied';

/**
 * Queues a message to a person, rendered in their language, in the caller's transaction: it exists
 * if and only if the change that caused it was committed.
 */
export function queueNotification(
  em: EntityManager,
  recipient: Person,
  ticket: Ticket,
  reason: NotificationReason,
  params: Record<string, string>,
): Notification {
  const lang = recipient.language;
  const all = { reference: ticket.reference, title: ticket.title, ...params };
  return em.create(Notification, {
    recipient,
    ticket,
    kind: `ticket.${reason}`,
    language: lang,
    subject: translate(lang, `notify.${reason}.subject`, all),
    body: translate(lang, `notify.${reason}.body`, all),
  });
}
