import { type Language, translate } from '../../i18n/messages.ts';
import { clean, truncate } from './parse.ts';

/**
 * Why the gateway decided what it did, as stable codes with parameters (rendered in French or
 * English by `renderReason`, key `inbound.reason.<code>`).
 */
export const INBOUND_REASONS = [
  'message_too_large',
  'message_unparseable',
  'message_no_sender',
  'message_no_message_id',
  'noise_auto_submitted',
  'noise_autoreply_header',
  'noise_precedence',
  'noise_auto_response_suppress',
  'noise_mailing_list',
  'noise_auto_reply_subject',
  'noise_bounce',
  'noise_own_sender',
  'noise_own_message_id',
  'noise_burst',
  'mailbox_unknown',
  'thread_header',
  'thread_subject',
  'thread_provider',
  'thread_provider_ambiguous',
  'thread_none',
  'thread_closed_followup',
  'sender_requester',
  'sender_staff',
  'sender_not_participant',
  'sender_known',
  'sender_inactive',
  'sender_new_requester',
  'sender_unknown',
  'policy_hold',
  'policy_refuse',
  'refusal_queued',
  'refusal_already_sent',
  'action_refused',
  'duplicate_of',
  'moderator_noted',
  'moderator_opened',
  'moderator_dismissed',
] as const;
export type InboundReasonCode = (typeof INBOUND_REASONS)[number];

export interface InboundReason {
  code: InboundReasonCode;
  params: Record<string, string>;
}

export const reason = (
  code: InboundReasonCode,
  params: Record<string, string | number> = {},
): InboundReason => ({
  code,
  params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, clean(truncate(String(v), 300))])),
});

/** One reason in words, e.g. "Références → GU-2026-000042". */
export function renderReason(lang: Language, r: InboundReason): string {
  return translate(lang, `inbound.reason.${r.code}`, r.params);
}
