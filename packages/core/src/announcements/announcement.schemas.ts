import { z } from 'zod';
import {
  ANNOUNCEMENT_AUDIENCES,
  ANNOUNCEMENT_PHASES,
  ANNOUNCEMENT_SEVERITIES,
  ANNOUNCEMENT_STATES,
} from './announcement.types.ts';

/**
 * Input shapes of the announcement use cases. `notify` (publication and updates) also tells by mail
 * the requesters of the linked tickets and the followers of the services concerned; it is off
 * unless asked for, because a mail to many people cannot be taken back: a moderator decides it for
 * each change (a typo fixed in an update should not send a second wave). Services and establishments are named by code,
 * tickets by reference; texts are French (`fr`, required) and English (`en`, optional).
 */
const code = z.string().trim().min(1).max(64);
const ticketRef = z.string().trim().min(1).max(32);
const translated = (max: number) =>
  z.strictObject({
    fr: z.string().trim().min(1).max(max),
    en: z.string().trim().min(1).max(max).nullable().optional(),
  });
const body = z.strictObject({
  fr: z.string().trim().max(20_000),
  en: z.string().trim().max(20_000).nullable().optional(),
});

const fields = {
  title: translated(200),
  body,
  severity: z.enum(ANNOUNCEMENT_SEVERITIES),
  services: z.array(code).max(50),
  establishments: z.array(code).max(20),
  audience: z.enum(ANNOUNCEMENT_AUDIENCES),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date().nullable(),
  linkedTicket: ticketRef.nullable(),
};

export const CreateAnnouncementInputSchema = z.strictObject({
  title: fields.title,
  body: fields.body.optional(),
  severity: fields.severity,
  services: fields.services.default([]),
  establishments: fields.establishments.default([]),
  audience: fields.audience.default('public'),
  /** Default: now. A start in the future announces ahead (a scheduled maintenance). */
  startsAt: fields.startsAt.optional(),
  endsAt: fields.endsAt.optional(),
  linkedTicket: fields.linkedTicket.optional(),
  notify: z.boolean().default(false),
});
export type CreateAnnouncementInput = z.input<typeof CreateAnnouncementInputSchema>;

/** A correction: only the fields given change (typos, a new expected end, one more service). */
export const CorrectAnnouncementInputSchema = z.strictObject({
  title: fields.title.optional(),
  body: fields.body.optional(),
  severity: fields.severity.optional(),
  services: fields.services.optional(),
  establishments: fields.establishments.optional(),
  audience: fields.audience.optional(),
  startsAt: fields.startsAt.optional(),
  endsAt: fields.endsAt.optional(),
  linkedTicket: fields.linkedTicket.optional(),
});
export type CorrectAnnouncementInput = z.input<typeof CorrectAnnouncementInputSchema>;

export const AnnouncementUpdateInputSchema = z.strictObject({
  status: z.enum(ANNOUNCEMENT_PHASES),
  message: translated(5_000),
  notify: z.boolean().default(false),
});
export type AnnouncementUpdateInput = z.input<typeof AnnouncementUpdateInputSchema>;

export const ListAnnouncementsInputSchema = z.strictObject({
  state: z.enum(ANNOUNCEMENT_STATES).optional(),
  /** A service code: announcements about it (or a service above or below it) and about every service. */
  service: code.optional(),
  /** An establishment code: announcements for it and for the whole group. */
  establishment: code.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ListAnnouncementsInput = z.input<typeof ListAnnouncementsInputSchema>;
