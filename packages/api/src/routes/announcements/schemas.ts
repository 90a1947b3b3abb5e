import {
  ANNOUNCEMENT_AUDIENCES,
  ANNOUNCEMENT_PHASES,
  ANNOUNCEMENT_SEVERITIES,
  ANNOUNCEMENT_STATES,
  AnnouncementUpdateInputSchema,
  type AnnouncementView,
  CorrectAnnouncementInputSchema,
  CreateAnnouncementInputSchema,
  type Language,
  ListAnnouncementsInputSchema,
  type Translated,
  translate,
} from '@guichet/core';
import { z } from '@hono/zod-openapi';
import { renderMarkdown } from '../articles/markdown.ts';

const TranslatedSchema = z
  .object({ fr: z.string(), en: z.string().nullable() })
  .openapi('TranslatedText', { description: 'As written: French always, English when given' });

const AnnouncementUpdateSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(ANNOUNCEMENT_PHASES),
    statusLabel: z.string().openapi({ description: 'The status in the response language' }),
    message: z
      .string()
      .openapi({ description: 'Markdown, in the response language (French when not translated)' }),
    messageHtml: z.string().openapi({ description: 'The message rendered to sanitized HTML' }),
    postedAt: z.string(),
  })
  .openapi('AnnouncementUpdate');

export const AnnouncementSchema = z
  .object({
    id: z.uuid(),
    language: z.enum(['fr', 'en']).openapi({ description: 'The language of title, body and messages' }),
    title: z.string(),
    body: z.string().openapi({ description: 'Markdown, as written' }),
    bodyHtml: z.string().openapi({ description: 'The body rendered to sanitized HTML' }),
    severity: z.enum(ANNOUNCEMENT_SEVERITIES),
    severityLabel: z.string(),
    services: z.array(z.string()).openapi({ description: 'Service codes; empty: every service' }),
    establishments: z
      .array(z.string())
      .openapi({ description: 'Establishment codes; empty: the whole group' }),
    audience: z.enum(ANNOUNCEMENT_AUDIENCES),
    state: z.enum(ANNOUNCEMENT_STATES).openapi({ description: 'Derived from the times at the response' }),
    phase: z.enum(ANNOUNCEMENT_PHASES).nullable().openapi({ description: 'The latest update’s status' }),
    startsAt: z.string(),
    endsAt: z.string().nullable().openapi({ description: 'Expected end' }),
    resolvedAt: z.string().nullable(),
    linkedTicket: z
      .string()
      .nullable()
      .openapi({ description: 'The linked ticket, only for callers who may see it' }),
    updates: z.array(AnnouncementUpdateSchema).openapi({ description: 'Oldest first' }),
    texts: z
      .object({ title: TranslatedSchema, body: TranslatedSchema })
      .openapi({ description: 'Both languages as written (for corrections)' }),
    editable: z.boolean().openapi({ description: 'Whether the caller may post updates and corrections' }),
    notified: z.number().int().min(0).optional().openapi({
      description:
        'Only in the answer to a publication or an update made with `notify`: how many people it told by mail (never who)',
    }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Announcement');

export const AnnouncementPageSchema = z
  .object({
    items: z.array(AnnouncementSchema),
    total: z.number().int(),
    nextOffset: z.number().int().nullable(),
  })
  .openapi('AnnouncementPage');

// Core's schemas wrapped in fresh objects the document can name (see tickets/schemas.ts).
const notifyOption = z.boolean().default(false).openapi({
  description:
    'Also tell by mail the requesters of the linked problem’s open incidents (or of the linked ticket) and the people following a service concerned, once each, in their language, as their preferences say. Off by default: a mail to many people cannot be taken back, so it is decided for each change',
});
export const CreateAnnouncementBodySchema = z
  .object({ ...CreateAnnouncementInputSchema.shape, notify: notifyOption })
  .strict()
  .openapi('CreateAnnouncement', {
    example: {
      title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
      body: { fr: 'Une erreur de lecture de la base de données empêche la connexion.' },
      severity: 'outage',
      services: ['moodle'],
    },
  });
export const CorrectAnnouncementBodySchema = z
  .object(CorrectAnnouncementInputSchema.shape)
  .strict()
  .openapi('CorrectAnnouncement');
export const AnnouncementUpdateBodySchema = z
  .object({ ...AnnouncementUpdateInputSchema.shape, notify: notifyOption })
  .strict()
  .openapi('PostAnnouncementUpdate', {
    example: { status: 'identified', message: { fr: 'La cause est identifiée : un disque plein.' } },
  });

export const AnnouncementParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b8c2a47-3d5e-4f61-9a7b-2c1d0e9f8a76' }),
});

export const ListAnnouncementsQuerySchema = z.object({
  state: ListAnnouncementsInputSchema.shape.state,
  service: z
    .string()
    .optional()
    .openapi({ description: 'A service code: about it, a service above or below it, or every service' }),
  establishment: z
    .string()
    .optional()
    .openapi({ description: 'An establishment code: for it or for the whole group' }),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const FeedQuerySchema = ListAnnouncementsQuerySchema.pick({ service: true, establishment: true });

export const ConditionalHeadersSchema = z.object({
  'if-none-match': z
    .string()
    .optional()
    .openapi({
      param: { name: 'if-none-match', in: 'header' },
      description: 'A previous ETag: 304 if unchanged',
    }),
});

/** The text in the reader's language: English when asked for and written, French otherwise. */
export function pick(text: Translated, lang: Language): string {
  return lang === 'en' && text.en ? text.en : text.fr;
}

/** The representation an ETag names: the answer to a change, without what only that answer says. */
export function representation(body: z.infer<typeof AnnouncementSchema>): string {
  const { notified: _notified, ...rest } = body;
  return JSON.stringify(rest);
}

/** The announcement as the API shows it, in the reader's language. */
export function announcementBody(a: AnnouncementView, lang: Language): z.infer<typeof AnnouncementSchema> {
  const body = pick(a.body, lang);
  return {
    id: a.id,
    language: lang === 'en' && a.title.en ? 'en' : 'fr',
    title: pick(a.title, lang),
    body,
    bodyHtml: renderMarkdown(body) ?? '',
    severity: a.severity,
    severityLabel: translate(lang, `announcement_severity.${a.severity}`),
    services: a.services,
    establishments: a.establishments,
    audience: a.audience,
    state: a.state,
    phase: a.phase,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    linkedTicket: a.linkedTicket,
    updates: a.updates.map((u) => {
      const message = pick(u.message, lang);
      return {
        id: u.id,
        status: u.status,
        statusLabel: translate(lang, `announcement_phase.${u.status}`),
        message,
        messageHtml: renderMarkdown(message) ?? '',
        postedAt: u.postedAt.toISOString(),
      };
    }),
    texts: { title: a.title, body: a.body },
    editable: a.editable,
    ...(a.notified !== undefined ? { notified: a.notified } : {}),
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
