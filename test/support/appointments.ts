import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { defaultClocks } from '../../domain/sla/default-policies.js';
import type { PrismaClient } from '../../platform/prisma.js';

/** An entity of its own with one office, an appointment service and an advisor, for tests that publish and book slots. */
export async function createAppointmentOffice(prisma: PrismaClient, options: { caseType?: 'appointment' | 'legal_consultation'; byAdvisor?: boolean } = {}) {
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const entity = await prisma.entity.create({ data: { code: `RDV-${suffix}`, name: `Entité de rendez-vous ${suffix}` } });
  const office = await prisma.office.create({ data: { entityId: entity.id, code: `GUICHET-${suffix}`, name: `Guichet ${suffix}`, address: '1 rue du Test, Rabat' } });
  const service = await prisma.service.create({
    data: {
      entityId: entity.id,
      code: `RDV-${suffix}`,
      caseType: options.caseType ?? 'appointment',
      name: `Rendez-vous ${suffix}`,
      nameAr: `موعد ${suffix}`,
      nameEn: `Appointment ${suffix}`,
      clocks: defaultClocks(options.caseType ?? 'appointment') as object,
      settings: { byAdvisor: options.byAdvisor ?? false },
    },
  });
  const advisor = await prisma.staffUser.create({
    data: {
      username: `advisor-${suffix.toLowerCase()}`,
      displayName: `Conseiller ${suffix}`,
      role: 'handler',
      entityId: entity.id,
      passwordHash: await bcrypt.hash(randomUUID(), 4),
      advisorDomains: ['social_welfare'],
    },
  });
  return { entity, office, service, advisor };
}
