/** The vocabulary of announcements (information notices), as data. */

/** How bad it is: from a plain notice to a full outage; `maintenance` is planned work. */
export const ANNOUNCEMENT_SEVERITIES = ['information', 'degraded', 'outage', 'maintenance'] as const;
export type AnnouncementSeverity = (typeof ANNOUNCEMENT_SEVERITIES)[number];

/** Where an incident stands, told by each update; `resolved` ends the announcement. */
export const ANNOUNCEMENT_PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type AnnouncementPhase = (typeof ANNOUNCEMENT_PHASES)[number];

/**
 * Who reads it: `public` is shown to anyone, without signing in (the group portal's home page, the
 * intranets' feeds); `requesters` only to signed-in people (any profile), for what should not be
 * told to the whole internet (an internal tool's outage, a maintenance window of a back office).
 */
export const ANNOUNCEMENT_AUDIENCES = ['public', 'requesters'] as const;
export type AnnouncementAudience = (typeof ANNOUNCEMENT_AUDIENCES)[number];

/**
 * Derived from the times, never stored: `upcoming` before its start, `active` from its start until
 * it is resolved or its end has passed, then `past`.
 */
export const ANNOUNCEMENT_STATES = ['upcoming', 'active', 'past'] as const;
export type AnnouncementState = (typeof ANNOUNCEMENT_STATES)[number];

/** The languages an announcement is written in: French always, English optionally. */
export const ANNOUNCEMENT_LANGUAGES = ['fr', 'en'] as const;
