import { INBOUND_DECISIONS, type InboundView, type IngestOutcome } from '@guichet/core';
import { z } from '@hono/zod-openapi';

const INBOUND_EXAMPLE = {
  id: '0193a4c2-7d1e-7b3a-9f10-2c5e8d4b6a02',
  mailbox: 'cellule-pedagogique@insa-rouen.fr',
  messageId: '<CAF3x9k2@mail.insa-rouen.fr>',
  sender: 'marie.curie@insa-rouen.fr',
  subject: 'Re: [GU-2026-000042] Nouvelle réponse sur votre ticket',
  decision: 'replied' as const,
  ticketReference: 'GU-2026-000042',
  reasons: ['thread_header', 'sender_requester'],
  explanation: [
    {
      code: 'thread_header',
      params: { header: 'References', reference: 'GU-2026-000042' },
      text: 'en-tête References → GU-2026-000042',
    },
    {
      code: 'sender_requester',
      params: { sender: 'marie.curie@insa-rouen.fr' },
      text: 'l’expéditeur (marie.curie@insa-rouen.fr) est le demandeur',
    },
  ],
  summary: 'en-tête References → GU-2026-000042; l’expéditeur (marie.curie@insa-rouen.fr) est le demandeur',
  size: 4_812,
  sha256: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184',
  rawKept: true,
  bodyText: 'Toujours la même erreur.',
  attachments: [],
  receivedAt: '2026-12-01T09:20:11.466Z',
};

const AttachmentMetaSchema = z
  .object({
    filename: z.string().openapi({ description: 'Sanitised: no path, no control or direction characters' }),
    contentType: z.string().openapi({ description: 'As declared by the sender (never trusted)' }),
    size: z.number().int(),
    sha256: z.string(),
  })
  .openapi('InboundAttachment');

const ReasonSchema = z
  .object({ code: z.string(), params: z.record(z.string(), z.string()) })
  .openapi('InboundReason');

export const InboundMailSchema = z
  .object({
    id: z.uuid(),
    mailbox: z.string(),
    messageId: z.string(),
    sender: z.string(),
    subject: z.string(),
    decision: z.enum(INBOUND_DECISIONS.filter((d) => d !== 'duplicate') as ['created']),
    ticketReference: z.string().nullable(),
    reasons: z
      .array(z.string())
      .openapi({ description: 'Stable reason codes, in the order the rules found them' }),
    explanation: z.array(ReasonSchema.extend({ text: z.string() })),
    summary: z.string().openapi({ description: 'The reasons in words, in the caller’s language' }),
    size: z.number().int(),
    sha256: z.string(),
    rawKept: z.boolean().openapi({ description: 'False when the mail exceeded the size limit' }),
    bodyText: z.string().nullable(),
    attachments: z.array(AttachmentMetaSchema),
    receivedAt: z.string(),
  })
  .openapi('InboundMail', { example: INBOUND_EXAMPLE });

export const IngestOutcomeSchema = z
  .object({
    inboundId: z.string(),
    messageId: z.string(),
    decision: z.enum(INBOUND_DECISIONS),
    ticketReference: z.string().nullable(),
    reasons: z.array(z.string()),
    details: z.array(ReasonSchema),
    attachments: z.array(AttachmentMetaSchema),
  })
  .openapi('IngestOutcome', {
    example: {
      inboundId: INBOUND_EXAMPLE.id,
      messageId: INBOUND_EXAMPLE.messageId,
      decision: 'replied',
      ticketReference: 'GU-2026-000042',
      reasons: ['thread_header', 'sender_requester'],
      details: INBOUND_EXAMPLE.explanation.map(({ code, params }) => ({ code, params })),
      attachments: [],
    },
  });

export function inboundJson(view: InboundView) {
  return InboundMailSchema.parse({ ...view, receivedAt: view.receivedAt.toISOString() });
}

export function outcomeJson(outcome: IngestOutcome) {
  return IngestOutcomeSchema.parse({
    ...outcome,
    attachments: outcome.attachments.map(({ content: _c, ...meta }) => meta),
  });
}

/** The path parameter of one received mail: its Message-ID (URL-encoded, brackets optional) or its id. */
export const InboundMessageIdParamsSchema = z.object({
  messageId: z
    .string()
    .min(1)
    .max(1000)
    .openapi({
      param: { name: 'messageId', in: 'path' },
      description: 'The Message-ID (URL-encoded, angle brackets optional), or the inbound id',
      example: 'CAF3x9k2@mail.insa-rouen.fr',
    }),
});
