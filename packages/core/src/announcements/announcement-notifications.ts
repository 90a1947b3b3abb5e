import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { sql } from '../db/sql.ts';
import { type Language, translate } from '../i18n/messages.ts';
import type {
  AnnouncementNotificationKind,
  NotificationDelivery,
} from '../notifications/notification-rules.ts';
import { FINAL_STATUSES } from '../tickets/ticket.types.ts';
import type { Announcement, AnnouncementUpdate } from './announcement.entity.ts';
import { AUDIENCE_READERS } from './announcement.rules.ts';

/** One announcement change to tell, in the change's transaction. */
export interface AnnouncementMail {
  announcement: Announcement;
  /** The update just posted; null for the publication itself. */
  update: AnnouncementUpdate | null;
  /** The change's `announcement_event` id: with the person and kind, it makes one mail at most. */
  eventId: string;
  /** The moderator who made the change: nobody is told of their own action. */
  actorId: string;
  catalogue: CatalogueSnapshot;
  /** The portal (`mail.portalUrl`): the announcement's page is linked beside its ticket pages. */
  portalUrl: string | undefined;
  now: Date;
}

/** Why a person is told: their own ticket is concerned, or they follow a service concerned. */
type Reason = { ticketId: string; reference: string } | { serviceCode: string; serviceName: string };

interface Recipient {
  person_id: string;
  language: Language;
  reason: Reason;
}

/**
 * The announcement's page on the portal, or null without a portal: `/announcements/<id>` beside the
 * ticket pages of `mail.portalUrl` (`https://portail/tickets/{reference}` and `https://portail`
 * both give `https://portail/announcements/<id>`).
 */
export function announcementLink(portalUrl: string | undefined, id: string): string | null {
  if (!portalUrl) return null;
  let base = portalUrl.includes('{reference}')
    ? portalUrl.slice(0, portalUrl.indexOf('{reference}'))
    : portalUrl;
  base = base.replace(/\/+$/, '').replace(/\/tickets$/, '');
  return `${base}/announcements/${encodeURIComponent(id)}`;
}

/**
 * Writes to the notification outbox, in the caller's transaction, one message per person told of
 * an announcement change (a moderator asked for it with `notify`), and returns how many people it
 * tells. Told, once each whatever the reasons:
 * - the requesters of the tickets the announcement is about: the incidents linked to its linked
 *   problem, or the linked ticket itself, unless closed or rejected (a resolved incident may still
 *   be reopened: its requester is still concerned); the message carries their ticket (its
 *   reference in the subject, its link, its mail thread);
 * - the people who follow one of its services or a service above one (an announcement about no
 *   service in particular concerns every follower), when it concerns their establishment (or the
 *   whole group, or they belong to none).
 * Only active people who may read the announcement (its audience), never its author, each in their
 * language and as their preference for the kind says (`immediate`, `digest`: held, `off`: nothing).
 */
export async function writeAnnouncementNotifications(
  em: EntityManager,
  mail: AnnouncementMail,
): Promise<number> {
  const a = mail.announcement;
  // Every audience is readable by anyone signed in; an audience that is not would tell nobody.
  if (!(AUDIENCE_READERS.signed_in as readonly string[]).includes(a.audience)) return 0;
  const kind: AnnouncementNotificationKind = mail.update ? 'announcement.updated' : 'announcement.published';
  const recipients = await recipientsOf(em, mail);
  if (recipients.length === 0) return 0;
  const choices = new Map(
    (
      await sql<{ person_id: string; delivery: NotificationDelivery }>(
        em,
        'select person_id, delivery from notification_preference where person_id = any($1::uuid[]) and kind = $2',
        [recipients.map((r) => r.person_id), kind],
      )
    ).map((c) => [c.person_id, c.delivery]),
  );
  const names = await serviceNames(em, a.serviceIds);
  const rows: Record<string, string | null>[] = [];
  for (const r of recipients) {
    const delivery = choices.get(r.person_id) ?? 'immediate';
    if (delivery === 'off') continue;
    const { subject, body } = render(mail, kind, r, names);
    rows.push({
      id: randomUUID(),
      recipient_id: r.person_id,
      ticket_id: 'ticketId' in r.reason ? r.reason.ticketId : null,
      event_id: mail.eventId,
      kind,
      language: r.language,
      subject,
      body,
      status: delivery === 'digest' ? 'held' : 'pending',
    });
  }
  if (rows.length === 0) return 0;
  const written = await sql<{ id: string }>(
    em,
    `insert into notification (id, created_at, updated_at, recipient_id, ticket_id, event_id, kind, language, subject, body, status)
     select n.id, $2, $2, n.recipient_id, n.ticket_id, n.event_id, n.kind, n.language, n.subject, n.body, n.status
       from jsonb_to_recordset($1::jsonb) as n(id uuid, recipient_id uuid, ticket_id uuid, event_id bigint,
            kind text, language text, subject text, body text, status text)
     on conflict (event_id, recipient_id, kind) where event_id is not null do nothing
     returning id`,
    [JSON.stringify(rows), mail.now],
  );
  return written.length;
}

/** The people to tell, once each (their own ticket first), active, without the author. */
async function recipientsOf(em: EntityManager, mail: AnnouncementMail): Promise<Recipient[]> {
  const a = mail.announcement;
  const out = new Map<string, Recipient>();
  const linked = a.linkedTicket?.id;
  if (linked) {
    const requesters = await sql<{ person_id: string; language: Language; id: string; reference: string }>(
      em,
      `select distinct on (t.requester_id) t.requester_id as person_id, p.language, t.id, t.reference
         from ticket t join person p on p.id = t.requester_id
        where (t.linked_problem_id = $1 or (t.id = $1 and t.type <> 'problem'))
          and t.status <> all($2::text[]) and p.active and p.id <> $3
        order by t.requester_id, t.created_at, t.id`,
      [linked, FINAL_STATUSES, mail.actorId],
    );
    for (const r of requesters) {
      out.set(r.person_id, {
        person_id: r.person_id,
        language: r.language,
        reason: { ticketId: r.id, reference: r.reference },
      });
    }
  }
  // Followers of a service concerned or of one above it (they follow its sub-services too).
  const followed = a.serviceIds.length > 0 ? [...mail.catalogue.ancestry(a.serviceIds)] : null;
  const followers = await sql<{ person_id: string; language: Language; code: string; name: string }>(
    em,
    `select distinct on (x.person_id) x.person_id, p.language, s.code, s.name
       from service_subscription x join person p on p.id = x.person_id join service s on s.id = x.service_id
      where ($1::uuid[] is null or x.service_id = any($1::uuid[]))
        and (cardinality($2::uuid[]) = 0 or p.establishment_id is null or p.establishment_id = any($2::uuid[]))
        and p.active and p.id <> $3
      order by x.person_id, s.code`,
    [followed, a.establishmentIds, mail.actorId],
  );
  for (const f of followers) {
    if (out.has(f.person_id)) continue;
    out.set(f.person_id, {
      person_id: f.person_id,
      language: f.language,
      reason: { serviceCode: f.code, serviceName: f.name },
    });
  }
  return [...out.values()];
}

async function serviceNames(em: EntityManager, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ name: string }>(
    em,
    'select name from service where id = any($1::uuid[]) order by name',
    [[...ids]],
  );
  return rows.map((r) => r.name);
}

/** The message in the recipient's language: what, how bad, the text of the change, why, and where. */
function render(
  mail: AnnouncementMail,
  kind: AnnouncementNotificationKind,
  r: Recipient,
  services: string[],
): { subject: string; body: string } {
  const a = mail.announcement;
  const lang = r.language;
  const en = lang === 'en';
  const params = {
    title: en && a.titleEn ? a.titleEn : a.titleFr,
    severity: translate(lang, `announcement_severity.${a.severity}`),
    phase: mail.update ? translate(lang, `announcement_phase.${mail.update.status}`) : '',
    services:
      services.length > 0 ? services.join(', ') : translate(lang, 'notify.announcement_every_service'),
  };
  const template = kind === 'announcement.updated' ? 'announcement_updated' : 'announcement_published';
  const text = mail.update
    ? en && mail.update.messageEn
      ? mail.update.messageEn
      : mail.update.messageFr
    : en && a.bodyEn
      ? a.bodyEn
      : a.bodyFr;
  const link = announcementLink(mail.portalUrl, a.id);
  const because =
    'ticketId' in r.reason
      ? translate(lang, 'notify.announcement_because_ticket', { reference: r.reason.reference })
      : translate(lang, 'notify.announcement_because_service', {
          service: r.reason.serviceName,
          code: r.reason.serviceCode,
        });
  const parts = [
    translate(lang, `notify.${template}.body`, params),
    text.trim(),
    link ? translate(lang, 'notify.announcement_link', { url: link }) : '',
    because,
  ].filter((p) => p !== '');
  return { subject: translate(lang, `notify.${template}.subject`, params), body: parts.join('\n\n') };
}
