import type { LocalizedName } from '../calendar/types.js';
import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { SlaPolicy } from '../sla/policy.js';

/** How a finished case ended, whatever its type calls the status: statistics count by this. */
export const OUTCOMES = ['granted', 'refused', 'deemed_refused', 'deemed_accepted', 'withdrawn', 'answered', 'partially_answered', 'attended', 'no_show', 'cancelled', 'upheld', 'overturned'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** How staff and statistics name each outcome, whatever the case type. */
export const OUTCOME_LABELS: Readonly<Record<Outcome, LocalizedName>> = {
  granted: { fr: 'Accordé', ar: 'مقبول', en: 'Granted' },
  refused: { fr: 'Refusé', ar: 'مرفوض', en: 'Refused' },
  deemed_refused: { fr: 'Réputé refusé (silence)', ar: 'مرفوض ضمنيا (السكوت)', en: 'Deemed refused (no answer)' },
  deemed_accepted: { fr: 'Réputé accepté (silence)', ar: 'مقبول ضمنيا (السكوت)', en: 'Deemed accepted (no answer)' },
  withdrawn: { fr: 'Retiré par le demandeur', ar: 'سحبه صاحب الطلب', en: 'Withdrawn' },
  answered: { fr: 'Répondu', ar: 'تمت الإجابة', en: 'Answered' },
  partially_answered: { fr: 'Répondu en partie', ar: 'تمت الإجابة جزئيا', en: 'Partially answered' },
  attended: { fr: 'Rendez-vous honoré', ar: 'تم الحضور', en: 'Attended' },
  no_show: { fr: 'Absent au rendez-vous', ar: 'لم يحضر', en: 'No-show' },
  cancelled: { fr: 'Annulé', ar: 'ملغى', en: 'Cancelled' },
  upheld: { fr: 'Décision maintenue', ar: 'القرار مؤكد', en: 'Decision upheld' },
  overturned: { fr: 'Décision infirmée', ar: 'القرار ملغى', en: 'Decision overturned' },
};

/** A JSON Schema (draft 2020-12 subset) for a submission's details or an action's payload. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface StatusDefinition {
  citizen: LocalizedName;
  staff: LocalizedName;
  /**
   * how a case reaching here ended; every terminal status has one. `as_decided` keeps the outcome
   * of the last status that had one (a case closed after a refusal was refused).
   */
  outcome?: Outcome | 'as_decided';
  /** told to the citizen, after the status, when the case reaches it (where to turn next) */
  notice?: LocalizedName;
}

export interface ActionDefinition {
  label: LocalizedName;
  payload: JsonSchema;
  /** how its button stands out: the main step, or one that ends the case badly */
  tone?: 'primary' | 'danger';
  /** labels of the values of the payload's enumerated fields (legal grounds, reasons), by field */
  choices?: Readonly<Record<string, Readonly<Record<string, LocalizedName>>>>;
  /** labels of the payload's fields other than the message or reason text */
  fields?: Readonly<Record<string, LocalizedName>>;
  /** told to the citizen when the step is taken without changing the status, `{facts}` filled in */
  notice?: LocalizedName;
}

/** A field of the submission's details as the form shows it. */
export interface DetailField {
  label: LocalizedName;
  /** labels of an enumerated field's values */
  choices?: Readonly<Record<string, LocalizedName>>;
}

export interface ClockDefinition {
  name: string;
  label: LocalizedName;
  /** runs from submission; otherwise a transition starts it */
  fromSubmission: boolean;
  /** counts the policy's urgent budget while this submitted detail is true */
  urgentWhen?: string;
  /** a time the citizen has to act in, not a deadline of the administration: its end is no breach */
  window?: boolean;
}

/**
 * A timer that is no deadline: it counts from an instant the case holds among its facts (an
 * appointment's start) by offsets a service setting gives, runs only in some statuses, and when it
 * fires either tells the citizen (a reminder) or takes a system step (a no-show after the grace).
 * Moving the instant (a reschedule) moves the timer.
 */
export interface TimerDefinition {
  name: string;
  /** the fact, an ISO instant, it counts from */
  anchor: string;
  /** the service setting holding its offset: one ISO duration, or a list of them (several reminders); or a fixed `offset` */
  setting?: string;
  offset?: string;
  direction: 'before' | 'after';
  /** the statuses it runs in; leaving them cancels it */
  in: readonly string[];
  /** the system transition it takes; without one, it sends the citizen a reminder */
  action?: string;
}

/** A case of this type holds a seat of a published slot, named by its details. */
export interface BookingDefinition {
  /** the detail naming the slot */
  slotField: string;
  /** the detail naming how the meeting is held (in person, video) */
  modalityField: string;
}

/**
 * One case type, declared: what the core, the API and the pages read about it. Adding a type is a
 * definition like this one, its activities, seed data and tests.
 */
export interface CaseTypeDefinition<S extends string = string, A extends string = string> {
  /** the exported workflow function that runs this case type */
  workflowType: string;
  /** what staff and statistics call a case of this type */
  label: LocalizedName;
  machine: CaseMachine<S, A>;
  statuses: Readonly<Record<S, StatusDefinition>>;
  actions: Readonly<Record<A, ActionDefinition>>;
  /** the named clocks; the first is the main deadline (the case's dueAt); each policy comes from the service */
  clocks: readonly ClockDefinition[];
  /** timers per status that are not deadlines (reminders, a no-show grace) */
  timers?: readonly TimerDefinition[];
  /** system transitions taken as soon as their guards hold (confirmation at once where the service says so) */
  automatic?: readonly A[];
  /** the case books a seat of a slot: the submission holds it, its first event books it */
  booking?: BookingDefinition;
  /** the per-service settings of this type beyond its clocks (reminders, notice period…) */
  settings?: {
    /** the stored settings with defaults filled in */
    read: (stored: unknown) => object;
    /** what is wrong with settings an administrator sends, naming the field; null when none */
    problem: (value: unknown) => { field: string; message: string } | null;
  };
  /**
   * the figures its notices name as `{placeholders}` (the time left to complain), read from what the
   * case carried at submission: its clocks' policies and its service's settings, defaults filled in
   */
  noticeFigures?: (carried: { policies: Readonly<Record<string, SlaPolicy>>; settings: Readonly<Record<string, unknown>> }) => Readonly<Record<string, LocalizedName>>;
  /** what silence at a clock's deadline does: the system transition taken then (when its guards hold) */
  silence: Readonly<Partial<Record<string, A>>>;
  /** the schema of the submission's `details` */
  details: JsonSchema;
  /** how the submission form names each declared detail, in its order */
  detailFields?: Readonly<Record<string, DetailField>>;
  /** the case type an `open_linked_case` effect opens; it runs on this service's clocks */
  linked?: string;
  /** only opened by another case's effect, never submitted by a citizen */
  linkedOnly?: boolean;
  /** the system transition a linked case's outcome sets off on this case */
  linkedOutcomes?: Readonly<Partial<Record<Outcome, A>>>;
}
