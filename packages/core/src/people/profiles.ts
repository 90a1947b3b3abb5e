/** The group-level profiles, as data (no ORM: the server's supervisor reads them too). */

/**
 * Group-level profiles. `requester` is implicit (everyone); the others are granted, with a scope:
 * approver and moderator of a service, technician of a team, functional and technical admin unscoped.
 */
export const PROFILES = [
  'approver',
  'moderator',
  'technician',
  'functional_admin',
  'technical_admin',
] as const;
export type Profile = (typeof PROFILES)[number];

/** Which scope each profile needs: exactly that one must be set. */
export const PROFILE_SCOPE: Readonly<Record<Profile, 'service' | 'team' | 'none'>> = {
  approver: 'service',
  moderator: 'service',
  technician: 'team',
  functional_admin: 'none',
  technical_admin: 'none',
};
