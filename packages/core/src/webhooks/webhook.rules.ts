import { TICKET_EVENT_TYPES } from '../tickets/ticket.types.ts';

/**
 * The sources of webhook events and their types. Ticket events are the timeline's (`ticket.<type>`);
 * other capabilities enqueue theirs with `WebhookService.enqueue` (announcements, knowledge base).
 * `webhook.test` is what `POST /v1/webhooks/{id}/test` sends.
 */
export const WEBHOOK_SOURCES = ['ticket', 'announcement', 'article', 'webhook'] as const;

/** Every ticket event type as a webhook type. */
export const TICKET_WEBHOOK_TYPES: readonly string[] = TICKET_EVENT_TYPES.map((t) => `ticket.${t}`);

/**
 * What the announcements capability sends: `published` (created), `updated` (an update posted),
 * `resolved` (an update with status `resolved`), `corrected` (fields corrected).
 */
export const ANNOUNCEMENT_WEBHOOK_TYPES = [
  'announcement.published',
  'announcement.updated',
  'announcement.resolved',
  'announcement.corrected',
] as const;
export type AnnouncementWebhookType = (typeof ANNOUNCEMENT_WEBHOOK_TYPES)[number];

/** What the knowledge base sends: an article published, a published article archived. */
export const ARTICLE_WEBHOOK_TYPES = ['article.published', 'article.archived'] as const;
export type ArticleWebhookType = (typeof ARTICLE_WEBHOOK_TYPES)[number];

/** Every type other sources may enqueue, by source (a subscription naming another is refused). */
const ENQUEUED_TYPES: Readonly<Record<string, readonly string[]>> = {
  announcement: ANNOUNCEMENT_WEBHOOK_TYPES,
  article: ARTICLE_WEBHOOK_TYPES,
};

/** The types `WebhookService.enqueue` accepts. */
export const ENQUEUED_WEBHOOK_TYPES: readonly string[] = Object.values(ENQUEUED_TYPES).flat();

/** Sent by the test operation, whatever the subscription's types. */
export const WEBHOOK_TEST_TYPE = 'webhook.test';

const NAME = /^[a-z][a-z_]*$/;

/**
 * Whether a subscription's pattern is acceptable: `*`, `<source>.*`, or a type that exists (a
 * timeline type for tickets, one of the declared lists for announcements and articles, `webhook.test`).
 * Returns the reason when not (the accepted forms, so that a typo says what was meant).
 */
export function patternProblem(pattern: string): string | null {
  if (pattern === '*') return null;
  const [source, name, ...rest] = pattern.split('.');
  if (rest.length > 0 || !source || !name) return 'source.type | source.* | *';
  if (!(WEBHOOK_SOURCES as readonly string[]).includes(source)) return WEBHOOK_SOURCES.join(' | ');
  if (name === '*') return null;
  if (!NAME.test(name)) return 'source.type | source.* | *';
  if (source === 'ticket' && !TICKET_WEBHOOK_TYPES.includes(pattern)) return 'ticket.* | ticket.created | …';
  const known = ENQUEUED_TYPES[source];
  if (known && !known.includes(pattern)) return [`${source}.*`, ...known].join(' | ');
  if (source === 'webhook' && pattern !== WEBHOOK_TEST_TYPE) return `webhook.* | ${WEBHOOK_TEST_TYPE}`;
  return null;
}

/** Whether an event type is one a subscription's patterns ask for. */
export function matchesType(patterns: readonly string[], type: string): boolean {
  const source = type.split('.')[0];
  return patterns.some((p) => p === '*' || p === type || p === `${source}.*`);
}

/**
 * Seconds to wait after each failed attempt of a round (the Standard Webhooks suggestion): the last
 * retry comes about 27 h after the first attempt; when it fails too, the delivery is given up on.
 */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 3600,
  5 * 3600,
  10 * 3600,
  10 * 3600,
];

/** Share of a delay added or removed at random, so that receivers coming back are not stampeded. */
export const RETRY_JITTER = 0.1;

/**
 * The delay before the next attempt after the `failed`-th failure of a round (1 for the first),
 * or null when the schedule is exhausted. `random` is in [0, 1).
 *
 * @example retryDelaySeconds(1, () => 0.5) // 5
 */
export function retryDelaySeconds(failed: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_SECONDS[failed - 1];
  if (base === undefined) return null;
  return base * (1 + RETRY_JITTER * (2 * random() - 1));
}

/** A subscription is disabled when one of its deliveries failed every attempt of a round over this long. */
export const DISABLE_AFTER_FAILING_SECONDS = 24 * 3600;

/** The part of the receiver's answer kept in the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024;
