export const STAFF_ROLES = ['handler', 'supervisor', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who did something to a case; recorded with every event. Never carries personal data of a citizen. */
export type Actor =
  | { kind: 'citizen' }
  | { kind: 'system' }
  | { kind: 'staff'; userId: string; username: string; role: StaffRole };

export type ActorKind = Actor['kind'];

/** The stable string stored in `case_event.actor`. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? `staff:${actor.username}` : actor.kind;
}
