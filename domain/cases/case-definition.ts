import type { LocalizedName } from '../calendar/types.js';
import type { CaseMachine } from '../lifecycle/state-machine.js';

/** How a finished case ended, whatever its type calls the status: statistics count by this. */
export const OUTCOMES = ['granted', 'refused', 'deemed_refused', 'deemed_accepted', 'withdrawn', 'answered', 'attended', 'no_show'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A JSON Schema (draft 2020-12 subset) for a submission's details or an action's payload. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * One case type, declared: what the core, the API and the pages read about it. Adding a type is a
 * definition like this one, its activities, seed data and tests.
 */
export interface CaseTypeDefinition<S extends string = string, A extends string = string> {
  /** the exported workflow function that runs this case type */
  workflowType: string;
  machine: CaseMachine<S, A>;
  /** each status as the citizen and as staff read it; a terminal status says how the case ended */
  statuses: Readonly<Record<S, { citizen: LocalizedName; staff: LocalizedName; outcome?: Outcome }>>;
  /** each action's button label, the schema of its payload, and how its button stands out (the main step, or one that ends the case badly) */
  actions: Readonly<Record<A, { label: LocalizedName; payload: JsonSchema; tone?: 'primary' | 'danger' }>>;
  /** the named clocks; the first is the main deadline (the case's dueAt) */
  clocks: readonly string[];
  /** the schema of the submission's `details` */
  details: JsonSchema;
}
