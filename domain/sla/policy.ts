import { parseIsoDuration } from './iso-duration.js';

/** How long a case may take: working days, calendar days, or an ISO 8601 duration (tests use `PT5S`). */
export type SlaBudget =
  | { unit: 'working_days'; amount: number }
  | { unit: 'calendar_days'; amount: number }
  | { unit: 'duration'; iso: string };

/** What silence at the deadline means in law for this service. */
export type SilenceEffect = 'none' | 'implicit_refusal' | 'implicit_acceptance';

export type EscalationRole = 'handler' | 'head_of_service' | 'manager';

export interface EscalationStep {
  /** working/calendar days after the breach (or, for duration budgets, the same unit as the budget: an ISO duration) */
  after: { days: number } | { iso: string };
  notify: EscalationRole;
}

/** The SLA policy of one service in the catalogue. */
export interface SlaPolicy {
  budget: SlaBudget;
  /** e.g. "Loi 55-19, art. 6" */
  legalBasis: string;
  /** fractions of the budget at which a warning is raised, ascending, each in (0, 1) */
  warnAt: number[];
  /** post-breach escalation ladder; the breach itself notifies the handler */
  escalation: EscalationStep[];
  /** one extension the handler may grant before the deadline, with a reason */
  extension: SlaBudget | null;
  silence: SilenceEffect;
  /** the shorter budget (and its extension) of an urgent request, where the law has one (Law 31-13, art. 17) */
  urgent?: { budget: SlaBudget; extension: SlaBudget | null } | null;
  /**
   * The service's own processing-time goal, shorter than the legal budget and in its unit: managers
   * are judged on it in the statistics; it moves no deadline and warns no one.
   */
  internalTarget?: SlaBudget | null;
}

/** The policy a clock counts with: the urgent figures replace the ordinary ones while the request is urgent. */
export function effectivePolicy(policy: SlaPolicy, urgent: boolean): SlaPolicy {
  if (!urgent || !policy.urgent) return policy;
  return { ...policy, budget: policy.urgent.budget, extension: policy.urgent.extension };
}

export const DEFAULT_WARN_AT: readonly number[] = [0.5, 0.75, 0.9];

const SILENCE_EFFECTS: readonly SilenceEffect[] = ['none', 'implicit_refusal', 'implicit_acceptance'];
const ESCALATION_ROLES: readonly EscalationRole[] = ['handler', 'head_of_service', 'manager'];

/** A policy that cannot be used, with the path of the offending field inside it (e.g. `budget.amount`). */
export class InvalidSlaPolicy extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`invalid SLA policy: ${path} ${problem}`);
  }
}

function invalid(path: string, problem: string, value: unknown): never {
  throw new InvalidSlaPolicy(path, `${problem}, got ${JSON.stringify(value) ?? String(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validIsoDuration(path: string, iso: unknown): string {
  if (typeof iso !== 'string') invalid(path, 'must be an ISO 8601 duration string', iso);
  let ms: number;
  try {
    ms = parseIsoDuration(iso);
  } catch (error) {
    return invalid(path, `is not usable (${(error as Error).message})`, iso);
  }
  if (ms <= 0) invalid(path, 'must be longer than zero', iso);
  return iso;
}

/** A budget as the catalogue stores it; throws InvalidSlaPolicy naming the field under `path`. */
export function validBudget(path: string, value: unknown): SlaBudget {
  if (!isRecord(value)) invalid(path, 'must be an object with a unit', value);
  switch (value.unit) {
    case 'working_days':
    case 'calendar_days': {
      const amount = value.amount;
      if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) {
        invalid(`${path}.amount`, 'must be a whole number of days >= 1', amount);
      }
      return { unit: value.unit, amount };
    }
    case 'duration':
      return { unit: 'duration', iso: validIsoDuration(`${path}.iso`, value.iso) };
    default:
      return invalid(`${path}.unit`, "must be 'working_days', 'calendar_days' or 'duration'", value.unit);
  }
}

function validEscalationStep(path: string, value: unknown, budget: SlaBudget): EscalationStep {
  if (!isRecord(value)) invalid(path, 'must be an object', value);
  if (!ESCALATION_ROLES.includes(value.notify as EscalationRole)) {
    invalid(`${path}.notify`, `must be one of ${ESCALATION_ROLES.join(', ')}`, value.notify);
  }
  const notify = value.notify as EscalationRole;
  const after = value.after;
  if (isRecord(after) && 'iso' in after) return { after: { iso: validIsoDuration(`${path}.after.iso`, after.iso) }, notify };
  if (isRecord(after) && 'days' in after) {
    if (budget.unit === 'duration') invalid(`${path}.after`, 'must be { iso } for a duration budget', after);
    if (typeof after.days !== 'number' || !Number.isInteger(after.days) || after.days < 0) {
      invalid(`${path}.after.days`, 'must be a whole number of days >= 0', after.days);
    }
    return { after: { days: after.days }, notify };
  }
  return invalid(`${path}.after`, 'must be { days } or { iso }', after);
}

function shorterThan(target: SlaBudget, budget: SlaBudget): boolean {
  if (target.unit === 'duration' && budget.unit === 'duration') return parseIsoDuration(target.iso) < parseIsoDuration(budget.iso);
  return target.unit !== 'duration' && budget.unit !== 'duration' && target.amount < budget.amount;
}

/** A goal at or beyond the legal deadline would say nothing the deadline does not, so it must be shorter. */
function validInternalTarget(value: unknown, budget: SlaBudget): SlaBudget {
  const target = validBudget('internalTarget', value);
  if (target.unit !== budget.unit) invalid('internalTarget.unit', `must be the budget's unit (${budget.unit})`, target.unit);
  if (!shorterThan(target, budget)) invalid('internalTarget', 'must be shorter than the legal budget', value);
  return target;
}

/** Checks catalogue data (e.g. a JSON column) and returns it as a clean SlaPolicy; throws a readable Error. */
export function validateSlaPolicy(p: unknown): SlaPolicy {
  if (!isRecord(p)) invalid('policy', 'must be an object', p);
  const budget = validBudget('budget', p.budget);
  if (typeof p.legalBasis !== 'string' || p.legalBasis.trim() === '') {
    invalid('legalBasis', 'must name the rule the deadline comes from', p.legalBasis);
  }
  if (!Array.isArray(p.warnAt)) invalid('warnAt', 'must be an array of fractions', p.warnAt);
  const warnAt = p.warnAt.map((f: unknown, i) => {
    if (typeof f !== 'number' || !(f > 0 && f < 1)) invalid(`warnAt[${i}]`, 'must be a fraction strictly between 0 and 1', f);
    return f;
  });
  warnAt.forEach((f, i) => {
    if (i > 0 && f <= (warnAt[i - 1] as number)) invalid('warnAt', 'must be strictly ascending', p.warnAt);
  });
  if (!Array.isArray(p.escalation)) invalid('escalation', 'must be an array of steps', p.escalation);
  const escalation = p.escalation.map((step: unknown, i) => validEscalationStep(`escalation[${i}]`, step, budget));
  let extension: SlaBudget | null = null;
  if (p.extension !== null && p.extension !== undefined) {
    extension = validBudget('extension', p.extension);
    if (extension.unit !== budget.unit) invalid('extension.unit', `must be the budget's unit (${budget.unit})`, extension.unit);
  }
  if (!SILENCE_EFFECTS.includes(p.silence as SilenceEffect)) {
    invalid('silence', `must be one of ${SILENCE_EFFECTS.join(', ')}`, p.silence);
  }
  const policy: SlaPolicy = { budget, legalBasis: p.legalBasis, warnAt, escalation, extension, silence: p.silence as SilenceEffect };
  if (p.urgent !== null && p.urgent !== undefined) {
    if (!isRecord(p.urgent)) invalid('urgent', 'must be an object { budget, extension }', p.urgent);
    const urgentBudget = validBudget('urgent.budget', p.urgent.budget);
    const urgentExtension = p.urgent.extension === null || p.urgent.extension === undefined ? null : validBudget('urgent.extension', p.urgent.extension);
    policy.urgent = { budget: urgentBudget, extension: urgentExtension };
  }
  if (p.internalTarget !== null && p.internalTarget !== undefined) policy.internalTarget = validInternalTarget(p.internalTarget, budget);
  return policy;
}
