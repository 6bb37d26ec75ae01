import type { CaseEventView, SlaState } from '../../domain/cases/case-event.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import { availableActions, staffMayAct } from '../../domain/lifecycle/state-machine.js';
import type { StaffRole } from '../../domain/cases/actor.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import { EXTEND_DEADLINE, planExtension } from '../../domain/sla/extension.js';
import { validateSlaPolicy } from '../../domain/sla/policy.js';
import type { PrismaClient } from '../../scripts/runtime/prisma.js';
import { NotFound } from '../errors.js';
import { deadlinesOf } from './deadlines.js';
import { isAccessTokenValid } from './citizen-access.js';

/** What the API reads of a case from the projection; the workflow stays the source of truth for steps. */
export async function loadCase(prisma: PrismaClient, where: { id: string } | { trackingCode: string }) {
  return prisma.case.findUnique({
    where,
    include: {
      service: { select: { id: true, code: true, name: true, slaPolicy: true } },
      events: { orderBy: { id: 'asc' } },
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

/** Whether a handler could still extend this case's deadline, by the rule the workflow applies. */
function canExtend(row: LoadedCase): boolean {
  if (row.closedAt !== null) return false;
  const granted = row.events.find((e) => e.type === 'deadline_extended');
  try {
    planExtension({
      policy: validateSlaPolicy(row.service.slaPolicy),
      current: granted ? { grantedAt: granted.occurredAt.toISOString(), budget: { unit: 'duration', iso: 'PT0S' }, reason: '' } : null,
      dueAt: row.dueAt?.toISOString() ?? null,
      clockStopped: row.slaState === 'stopped',
      breached: row.events.some((e) => e.type === 'sla_breached'),
      now: new Date().toISOString(),
      reason: 'the rule is asked before the handler writes one',
    });
    return true;
  } catch {
    return false;
  }
}

function caseCore(row: LoadedCase, audience: 'citizen' | 'staff') {
  const definition = caseDefinition(row.caseType);
  const last = row.events.at(-1);
  const steps = definition ? availableActions(definition.machine, row.status, audience) : [];
  return {
    caseId: row.id,
    trackingCode: row.trackingCode,
    caseType: row.caseType,
    service: { id: row.service.id, code: row.service.code, name: row.service.name },
    status: row.status,
    outcome: row.outcome,
    step: statusLabel(row.status, audience),
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    explanation: row.explanation ?? null,
    deadlines: deadlinesOf({
      caseType: row.caseType,
      dueAt: row.dueAt?.toISOString() ?? null,
      slaState: row.slaState,
      explanation: row.explanation ?? null,
      breachedAt: row.events.find((e) => e.type === 'sla_breached')?.occurredAt.toISOString() ?? null,
    }),
    sla: { state: row.slaState as SlaState, escalationLevel: escalationLevelOf(row.events) },
    availableActions: audience === 'staff' && canExtend(row) ? [...steps, EXTEND_DEADLINE] : steps,
    timeline: row.events.map((e) => (audience === 'citizen' ? citizenEventView(eventView(e)) : eventView(e))),
    lastEventId: last ? last.id.toString() : null,
  };
}

function escalationLevelOf(events: LoadedCase['events']): number {
  let level = 0;
  for (const e of events) {
    const payload = e.payload as { level?: unknown } | null;
    if (e.type === 'escalated' && typeof payload?.level === 'number') level = Math.max(level, payload.level);
  }
  return level;
}

export function citizenCaseView(row: LoadedCase) {
  return caseCore(row, 'citizen');
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
    availableActions: staffMayAct(viewer, row.assigneeId) ? core.availableActions : [],
    attention: attentionOf(row),
    entityId: row.entityId,
    officeId: row.officeId,
    assigneeId: row.assigneeId,
    applicant: row.applicant as Record<string, string>,
    details: row.details as Record<string, string>,
  };
}
