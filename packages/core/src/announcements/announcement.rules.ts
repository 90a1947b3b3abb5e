import type { AnnouncementAudience, AnnouncementPhase, AnnouncementState } from './announcement.types.ts';

/**
 * Who may publish, update and correct an announcement, as data. An announcement about named
 * services belongs to the moderators of ALL of them (a moderator of a service is one of its
 * sub-services too) and to functional admins; one about no service in particular (the whole group,
 * or whole establishments) to functional admins only.
 */
export const PUBLISHERS = {
  services: ['functional_admin', 'moderator_of_every_service'],
  everything: ['functional_admin'],
} as const satisfies Record<'services' | 'everything', readonly string[]>;

/** What the rules need to know about the caller. */
export interface PublisherFacts {
  functionalAdmin: boolean;
  /** Services the caller moderates, sub-services included. */
  moderated: ReadonlySet<string>;
}

/** Whether the caller may publish or change an announcement about `serviceIds`. */
export function mayPublish(facts: PublisherFacts, serviceIds: readonly string[]): boolean {
  const allowed = serviceIds.length === 0 ? PUBLISHERS.everything : PUBLISHERS.services;
  return allowed.some((who) =>
    who === 'functional_admin'
      ? facts.functionalAdmin
      : serviceIds.length > 0 && serviceIds.every((id) => facts.moderated.has(id)),
  );
}

/**
 * The statuses an update may carry after the latest one. An incident may go back to investigating
 * when a fix did not hold; nothing follows `resolved` (the announcement is over: publish a new one).
 */
export const NEXT_PHASES: Readonly<Record<AnnouncementPhase | 'none', readonly AnnouncementPhase[]>> = {
  none: ['investigating', 'identified', 'monitoring', 'resolved'],
  investigating: ['investigating', 'identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'identified', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'monitoring', 'resolved'],
  resolved: [],
};

/** Whether an update with `next` may follow the latest phase `current` (null: no update yet). */
export function mayFollow(current: AnnouncementPhase | null, next: AnnouncementPhase): boolean {
  return NEXT_PHASES[current ?? 'none'].includes(next);
}

/** The state at `now`: upcoming before the start, past once resolved or ended, active between. */
export function announcementState(
  a: { startsAt: Date; endsAt: Date | null; resolvedAt: Date | null },
  now: Date,
): AnnouncementState {
  if (a.resolvedAt && a.resolvedAt.getTime() <= now.getTime()) return 'past';
  if (a.endsAt && a.endsAt.getTime() <= now.getTime()) return 'past';
  if (a.startsAt.getTime() > now.getTime()) return 'upcoming';
  return 'active';
}

/** Audiences each kind of reader sees: anonymous readers the public ones, signed-in people all. */
export const AUDIENCE_READERS: Readonly<Record<'anonymous' | 'signed_in', readonly AnnouncementAudience[]>> =
  {
    anonymous: ['public'],
    signed_in: ['public', 'requesters'],
  };
