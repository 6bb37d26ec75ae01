import { dbDateOf } from '../../store/calendar-source.js';
import { loadRegularHours, ramadanSchedule, type OfficeScheduleKind } from '../../store/office-hours-source.js';
import type { OfficeHours, RamadanPeriod, RamadanSchedule } from '../../domain/calendar/office-hours.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { NotFound } from '../errors.js';
import type { EntityScope } from './entity-scope.js';
import { checkRamadanLength } from './office-hours-request.js';

/*
 * Changes read the current row, decide and write; this transaction-scoped lock makes concurrent
 * changes (from any API instance) take turns, so two first decisions for the same scope cannot both
 * insert. The unique index (entity_id, kind, hijri_year), NULLS NOT DISTINCT, guarantees one row regardless.
 */
const OFFICE_SCHEDULE_WRITE_LOCK = 7_316_020;

export interface Change<T> {
  before: T;
  after: T;
}

async function lockSchedule(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OFFICE_SCHEDULE_WRITE_LOCK})`;
}

function interval(hours: OfficeHours): { opensAt: string; closesAt: string } {
  const [only] = hours;
  if (!only || hours.length !== 1) throw new Error('office_schedule stores one opening interval per day');
  return { opensAt: only.from, closesAt: only.to };
}

/** The regular hours the scope keeps: the entity's own, else the national ones. */
async function regularHoursOf(tx: Prisma.TransactionClient, scope: EntityScope): Promise<OfficeHours> {
  const { regular, entityRegular } = await loadRegularHours(tx, scope.entityId);
  return entityRegular ?? regular;
}

const REGULAR: OfficeScheduleKind = 'regular';
const RAMADAN: OfficeScheduleKind = 'ramadan';

/** Sets the hours of a working day outside Ramadan for the scope (national, or one entity). */
export async function setRegularHours(prisma: PrismaClient, scope: EntityScope, hours: OfficeHours, actor: string): Promise<Change<OfficeHours>> {
  return prisma.$transaction(async (tx) => {
    await lockSchedule(tx);
    const before = await regularHoursOf(tx, scope);
    const existing = await tx.officeSchedule.findFirst({ where: { entityId: scope.entityId, kind: REGULAR, hijriYear: null }, select: { id: true } });
    const fields = { ...interval(hours), updatedBy: actor };
    if (existing) await tx.officeSchedule.update({ where: { id: existing.id }, data: fields });
    else await tx.officeSchedule.create({ data: { ...fields, entityId: scope.entityId, kind: REGULAR, hijriYear: null } });
    return { before, after: await regularHoursOf(tx, scope) };
  });
}

/** Withdraws the scope's regular hours: an entity keeps the national hours again, the country the default ones. */
export async function removeRegularHours(prisma: PrismaClient, scope: EntityScope): Promise<Change<OfficeHours>> {
  return prisma.$transaction(async (tx) => {
    await lockSchedule(tx);
    const existing = await tx.officeSchedule.findFirst({ where: { entityId: scope.entityId, kind: REGULAR, hijriYear: null }, select: { id: true } });
    if (!existing) {
      const whose = scope.entityCode === null ? 'the national default stands' : `${scope.entityCode} keeps the national hours`;
      throw new NotFound(`no regular office hours were set here: ${whose}`);
    }
    const before = await regularHoursOf(tx, scope);
    await tx.officeSchedule.delete({ where: { id: existing.id } });
    return { before, after: await regularHoursOf(tx, scope) };
  });
}

export interface RamadanDecision {
  period: RamadanPeriod;
  hours: OfficeHours;
  /** the announced first and last day; absent: the previous announcement, else the computed day, stands */
  start?: IsoDate | undefined;
  end?: IsoDate | undefined;
}

/** Sets one Ramadan's hours and, optionally, its announced first and last day (national). */
export async function setRamadan(prisma: PrismaClient, decision: RamadanDecision, actor: string): Promise<Change<RamadanSchedule>> {
  const { period } = decision;
  return prisma.$transaction(async (tx) => {
    await lockSchedule(tx);
    const existing = await tx.officeSchedule.findFirst({ where: { entityId: null, kind: RAMADAN, hijriYear: period.hijriYear } });
    const before = ramadanSchedule(period, existing);
    const after: RamadanSchedule = {
      hijriYear: period.hijriYear,
      from: decision.start ?? before.from,
      to: decision.end ?? before.to,
      fromConfirmed: decision.start !== undefined || before.fromConfirmed,
      toConfirmed: decision.end !== undefined || before.toConfirmed,
      hours: decision.hours,
    };
    // Checked before writing: a refused change leaves the stored row as it was.
    checkRamadanLength(after);
    const fields = {
      ...interval(after.hours),
      ramadanStart: after.fromConfirmed ? dbDateOf(after.from) : null,
      ramadanEnd: after.toConfirmed ? dbDateOf(after.to) : null,
      updatedBy: actor,
    };
    if (existing) await tx.officeSchedule.update({ where: { id: existing.id }, data: fields });
    else await tx.officeSchedule.create({ data: { ...fields, entityId: null, kind: RAMADAN, hijriYear: period.hijriYear } });
    return { before, after };
  });
}
