import type { CaseEventView, SlaState } from '../../domain/cases/case-event.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { planTransition, staffMayAct, TransitionRefused, type ClockFacts } from '../../domain/lifecycle/state-machine.js';
import { effectPossible } from '../../domain/lifecycle/effect-readiness.js';
import { clockPolicies } from '../../domain/sla/service-clocks.js';
import type { SlaPolicy } from '../../domain/sla/policy.js';
import type { StaffRole } from '../../domain/cases/actor.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { NotFound, StepRefused } from '../errors.js';
import { deadlinesOf } from './deadlines.js';
import { isAccessTokenValid } from './citizen-access.js';

/** What the API reads of a case from the projection; the workflow stays the source of truth for steps. */
export async function loadCase(prisma: PrismaClient, where: { id: string } | { trackingCode: string }) {
  return prisma.case.findUnique({
    where,
    include: {
      service: { select: { id: true, code: true, name: true, nameAr: true, nameEn: true, clocks: true, settings: true } },
      events: { orderBy: { id: 'asc' } },
      clocks: true,
    },
  });
}
export type LoadedCase = NonNullable<Awaited<ReturnType<typeof loadCase>>>;

// Checked against when the code is unknown, so an unknown code costs the same as a wrong token.
const NO_CASE_ID = '00000000-0000-0000-0000-000000000000';

/** A citizen opens a case with its tracking code and access token; any mismatch looks like an unknown code. */
export async function loadCaseForCitizen(prisma: PrismaClient, trackingCode: string, token: string, secret: string) {
  const known = await prisma.case.findUnique({ where: { trackingCode }, select: { id: true } });
  const tokenValid = isAccessTokenValid(known?.id ?? NO_CASE_ID, token, secret);
  const found = known && tokenValid ? await loadCase(prisma, { id: known.id }) : null;
  if (!found) throw new NotFound('no case with this tracking code and access token');
  return found;
}

/** Citizens see that the administration acted, not which agent: usernames stay inside. */
export function citizenEventView(event: CaseEventView): CaseEventView {
  return event.actor.startsWith('staff:') ? { ...event, actor: 'staff' } : event;
}

export function eventView(row: {
  id: bigint;
  caseId: string;
  seq: number;
  type: string;
  status: string;
  actor: string;
  payload: unknown;
  occurredAt: Date;
}): CaseEventView {
  return {
    id: row.id.toString(),
    caseId: row.caseId,
    seq: row.seq,
    type: row.type as CaseEventView['type'],
    status: row.status,
    actor: row.actor,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    occurredAt: row.occurredAt.toISOString(),
  };
}

/** What guards may know of each clock, from the read model: the rows, the service's policies, the extensions granted. */
function clockFactsOf(row: LoadedCase, definition: CaseTypeDefinition): Record<string, ClockFacts> {
  const main = definition.clocks[0]?.name;
  return Object.fromEntries(
    definition.clocks.map(({ name }) => {
      const stored = row.clocks.find((c) => c.clock === name);
      let policy: SlaPolicy | null = null;
      try {
        policy = clockPolicies(row.service.clocks, [name])[name]!;
      } catch {
        // a service without this clock's policy: nothing to extend, no silence rule
      }
      const extended = row.events.some((e) => e.type === 'deadline_extended' && ((e.payload as { clock?: string } | null)?.clock ?? main) === name);
      return [
        name,
        {
          started: stored !== undefined && stored.state !== 'not_started',
          stopped: stored?.state === 'stopped',
          breached: stored?.breachedAt != null && stored.stoppedAt === null,
          dueAt: stored?.dueAt?.toISOString() ?? null,
          extended,
          extensionAllowed: policy?.extension != null,
          silence: policy?.silence ?? 'none',
        } satisfies ClockFacts,
      ];
    }),
  );
}

type Asker = { kind: 'citizen' } | { kind: 'staff'; userId: string; role: StaffRole };

function readModelContext(row: LoadedCase, definition: CaseTypeDefinition, asker: Asker) {
  return {
    state: row.status,
    actor: asker.kind,
    assigneeId: row.assigneeId,
    ...(asker.kind === 'staff' ? { staff: { userId: asker.userId, role: asker.role } } : {}),
    clocks: clockFactsOf(row, definition),
    details: (row.details ?? {}) as Record<string, unknown>,
    facts: row.facts as Record<string, unknown>,
    settings: { ...definition.settings?.read(row.service.settings) },
    taken: row.events.flatMap((e) => {
      const action = (e.payload as { action?: unknown } | null)?.action;
      return typeof action === 'string' ? [action] : e.type === 'deadline_extended' ? ['extend_deadline'] : [];
    }),
    now: new Date().toISOString(),
  };
}

/**
 * The actions the asker could take now, by the rule the workflow applies: guards included, and
 * none whose effect the case's facts already refuse (a seat claimed with no seat offered).
 */
function actionsFor(row: LoadedCase, asker: Asker): string[] {
  const definition = caseDefinition(row.caseType);
  if (!definition || row.closedAt !== null) return [];
  const context = readModelContext(row, definition, asker);
  return Object.keys(definition.machine.transitions).filter((action) => {
    try {
      const rule = planTransition(definition.machine, action, context);
      return (rule.effects ?? []).every((effect) => effectPossible(effect, context.facts, context.now));
    } catch {
      return false;
    }
  });
}

function caseCore(row: LoadedCase, audience: 'citizen' | 'staff') {
  const last = row.events.at(-1);
  return {
    caseId: row.id,
    trackingCode: row.trackingCode,
    caseType: row.caseType,
    service: { id: row.service.id, code: row.service.code, name: row.service.name, names: serviceNames(row.service) },
    status: row.status,
    outcome: row.outcome,
    step: statusLabel(row.caseType, row.status, audience),
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    explanation: row.explanation ?? null,
    deadlines: deadlinesOf(row),
    sla: { state: row.slaState as SlaState, escalationLevel: row.escalationLevel },
    originCaseId: row.originCaseId,
    facts: row.facts as Record<string, unknown>,
    timeline: row.events.map((e) => (audience === 'citizen' ? citizenEventView(eventView(e)) : eventView(e))),
    lastEventId: last ? last.id.toString() : null,
  };
}

export function citizenCaseView(row: LoadedCase) {
  return { ...caseCore(row, 'citizen'), availableActions: actionsFor(row, { kind: 'citizen' }) };
}

/** Why staff must look at a case (one of its events could never be recorded), or null. */
export function attentionOf(row: { attentionReason: string | null; attentionSince: Date | null }) {
  return row.attentionReason ? { reason: row.attentionReason, since: row.attentionSince?.toISOString() ?? null } : null;
}

/** Staff see the applicant's details too: they need them to handle the case; and only the steps they may take. */
export function staffCaseView(row: LoadedCase, viewer: { userId: string; role: StaffRole }) {
  const core = caseCore(row, 'staff');
  return {
    ...core,
    availableActions: staffMayAct(viewer, row.assigneeId) ? actionsFor(row, { kind: 'staff', ...viewer }) : [],
    attention: attentionOf(row),
    entityId: row.entityId,
    officeId: row.officeId,
    assigneeId: row.assigneeId,
    applicant: row.applicant as Record<string, string>,
    details: row.details as Record<string, unknown>,
  };
}

/**
 * A finished case's workflow is gone: a step asked of it is refused here, by the rule the workflow
 * applied, so the citizen reads why (the window to complain has closed) rather than only that it ended.
 */
export function refuseStepOnFinishedCase(row: LoadedCase, action: string, asker: Asker): void {
  const definition = caseDefinition(row.caseType);
  if (!definition || row.closedAt === null || !Object.hasOwn(definition.machine.transitions, action)) return;
  try {
    planTransition(definition.machine, action, readModelContext(row, definition, asker));
  } catch (err) {
    if (err instanceof TransitionRefused && err.code === 'window_closed') throw new StepRefused(err.message, { reason: err.code });
    return;
  }
}

/** A service's name in the three languages, French standing in for a translation not given. */
export function serviceNames(service: { name: string; nameAr: string | null; nameEn: string }) {
  return { fr: service.name, ar: service.nameAr || service.name, en: service.nameEn || service.name };
}
