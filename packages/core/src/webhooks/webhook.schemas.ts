import { z } from 'zod';

/** A new subscription as given by an administrator. */
export const WebhookInputSchema = z
  .object({
    url: z.string().min(1).max(2000),
    description: z.string().max(400).default(''),
    eventTypes: z.array(z.string().min(1).max(100)).min(1).max(100),
    /** Service codes (their sub-services included); empty: every service. */
    services: z.array(z.string().min(1).max(64)).max(200).default([]),
    /** Establishment codes; empty: every establishment. */
    establishments: z.array(z.string().min(1).max(64)).max(50).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export type WebhookInput = z.input<typeof WebhookInputSchema>;

/** What may change in a subscription (anything but its owner and secret). */
export const WebhookPatchSchema = z
  .object({
    url: z.string().min(1).max(2000),
    description: z.string().max(400),
    eventTypes: z.array(z.string().min(1).max(100)).min(1).max(100),
    services: z.array(z.string().min(1).max(64)).max(200),
    establishments: z.array(z.string().min(1).max(64)).max(50),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type WebhookPatch = z.input<typeof WebhookPatchSchema>;
