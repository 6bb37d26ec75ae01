import bcrypt from 'bcryptjs';
import type { AppointmentSettings } from '../domain/appointments/appointment-settings.js';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import type { LocalizedName } from '../domain/calendar/types.js';
import { defaultClocks, defaultPolicy } from '../domain/sla/default-policies.js';
import type { SlaPolicy } from '../domain/sla/policy.js';
import type { PrismaClient } from '../platform/prisma.js';
import { moroccanToday, publishSlotsWithin } from '../store/slot-publication.js';
import type { Prisma } from './generated/client.js';
import { seedGrants } from './seed-grants.js';
import { createSeedTenders } from './seed-tenders.js';

// Demo catalogue of a fresh installation: two administrations, their offices, a few
// document services with their legal deadlines, appointment services with four weeks of
// slots, and one staff account per role (and a legal advisor).

export const DEFAULT_SEED_PASSWORD = 'demo';

export const SEED_ENTITY_CODES = { justice: 'MJ', communeRabat: 'COMMUNE-RABAT' } as const;

export const SEED_OFFICE_CODES = { justice: 'MJ-RABAT', communeRabat: 'BEC-HASSAN' } as const;

export const SEED_SERVICE_CODES = {
  criminalRecord: 'CASIER-JUDICIAIRE',
  nationalityCertificate: 'CERTIFICAT-NATIONALITE',
  birthCertificate: 'EXTRAIT-ACTE-NAISSANCE',
  residenceCertificate: 'CERTIFICAT-RESIDENCE',
  signatureLegalisation: 'LEGALISATION-SIGNATURE',
  investmentAuthorisation: 'AUTORISATION-INVESTISSEMENT',
  informationRequest: 'ACCES-INFORMATION',
  complaint: 'RECLAMATION',
  communeComplaint: 'RECLAMATION-COMMUNE',
  justiceAppointment: 'RDV-GUICHET',
  civilRegistryAppointment: 'RDV-ETAT-CIVIL',
  legalConsultation: 'CONSULTATION-JURIDIQUE',
} as const;

/** All but `admin` belong to the Ministry of Justice; `advisor` is a handler who gives legal consultations. */
export const SEED_USERNAMES = ['handler', 'supervisor', 'manager', 'admin', 'advisor'] as const;

/** How far ahead a fresh installation publishes slots; the API's rolling publication then keeps eight weeks. */
export const SEED_SLOT_DAYS = 28;

export interface SeedOptions {
  /** SEED_PASSWORD; when absent the demo password is used, which production refuses. */
  password?: string | undefined;
  nodeEnv?: string | undefined;
  log: (msg: string) => void;
}

/** The Law 55-19 defaults with the budget the decree sets for this document. */
function documentPolicy(budget: SlaPolicy['budget'], kind: 'document_request' | 'investment_act' = 'document_request'): SlaPolicy {
  return { ...defaultPolicy(kind), budget };
}

/** The service's own goals, shorter than the law's: what its managers are judged on in the statistics. */
function withInternalTargets(clocks: Record<string, SlaPolicy>, targets: Record<string, SlaPolicy['budget']>): Record<string, SlaPolicy> {
  return Object.fromEntries(Object.entries(clocks).map(([name, policy]) => [name, targets[name] ? { ...policy, internalTarget: targets[name] } : policy]));
}

interface SeedService {
  code: string;
  name: string;
  nameAr: string;
  nameEn: string;
  description: string;
  descriptionAr: string;
  descriptionEn: string;
  requiredDocuments: LocalizedName[];
  /** document_request unless said */
  caseType?: 'information_request' | 'complaint' | 'appointment' | 'legal_consultation';
  clocks: Record<string, SlaPolicy>;
  settings?: Partial<AppointmentSettings>;
  /** weekly slots at the entity's office, Monday to Friday, of one seat each per advisor when given */
  slots?: { seats: number; advisor?: (typeof SEED_USERNAMES)[number] };
}

interface SeedEntity {
  code: string;
  name: string;
  nameAr: string;
  office: { code: string; name: string; address: string };
  services: SeedService[];
}

const SEED_ENTITIES: SeedEntity[] = [
  {
    code: SEED_ENTITY_CODES.justice,
    name: 'Ministère de la Justice',
    nameAr: 'وزارة العدل',
    office: {
      code: SEED_OFFICE_CODES.justice,
      name: "Guichet d'accueil du Ministère de la Justice",
      address: 'Place El Mamounia, Rabat',
    },
    services: [
      {
        code: SEED_SERVICE_CODES.criminalRecord,
        name: 'Extrait du casier judiciaire',
        nameAr: 'مستخرج من السجل العدلي',
        description: 'Bulletin n° 3 du casier judiciaire, délivré au demandeur.',
        nameEn: "Extract from the criminal record",
        descriptionAr: "مستخرج رقم 3 من السجل العدلي، يسلم لصاحب الطلب.",
        descriptionEn: "Bulletin no. 3 of the criminal record, issued to the applicant.",
        requiredDocuments: [{ fr: "Carte nationale d'identité électronique (CNIE)", ar: "البطاقة الوطنية للتعريف الإلكترونية", en: "Electronic national identity card (CNIE)" }],
        clocks: { decision: { ...documentPolicy({ unit: 'working_days', amount: 10 }), internalTarget: { unit: 'working_days', amount: 5 } } },
      },
      {
        code: SEED_SERVICE_CODES.nationalityCertificate,
        name: 'Certificat de nationalité',
        nameAr: 'شهادة الجنسية',
        description: 'Certificat établissant la nationalité marocaine du demandeur.',
        nameEn: "Nationality certificate",
        descriptionAr: "شهادة تثبت الجنسية المغربية لصاحب الطلب.",
        descriptionEn: "Certificate establishing the applicant's Moroccan nationality.",
        requiredDocuments: [{ fr: "Carte nationale d'identité électronique (CNIE)", ar: "البطاقة الوطنية للتعريف الإلكترونية", en: "Electronic national identity card (CNIE)" }, { fr: "Copie intégrale de l'acte de naissance", ar: "نسخة كاملة من رسم الولادة", en: "Full copy of the birth certificate" }],
        clocks: { decision: documentPolicy({ unit: 'working_days', amount: 15 }) },
      },
      {
        code: SEED_SERVICE_CODES.informationRequest,
        caseType: 'information_request',
        name: 'Demande d’accès à l’information',
        nameAr: 'طلب الحصول على المعلومات',
        nameEn: 'Request for access to information',
        description: 'Obtenir une information détenue par le ministère (loi 31-13). Réponse sous 20 jours ouvrables, 3 en cas d’urgence.',
        descriptionAr: 'الحصول على معلومات في حوزة الوزارة (القانون 31-13). الجواب داخل 20 يوم عمل، و3 أيام في حالة الاستعجال.',
        descriptionEn: 'Obtain information held by the ministry (Law 31-13). Answer within 20 working days, 3 when urgent.',
        requiredDocuments: [],
        clocks: defaultClocks('information_request'),
      },
      {
        code: SEED_SERVICE_CODES.complaint,
        caseType: 'complaint',
        name: 'Réclamation, observation ou suggestion',
        nameAr: 'شكاية أو ملاحظة أو اقتراح',
        nameEn: 'Complaint, observation or suggestion',
        description: 'Signaler un dysfonctionnement ou proposer une amélioration (décret 2-17-265). Accusé de réception sous 15 jours, réponse sous 60 jours.',
        descriptionAr: 'التبليغ عن اختلال أو اقتراح تحسين (المرسوم 2-17-265). إشعار بالتوصل داخل 15 يوما، وجواب داخل 60 يوما.',
        descriptionEn: 'Report a malfunction or suggest an improvement (Decree 2-17-265). Acknowledged within 15 days, answered within 60 days.',
        requiredDocuments: [],
        clocks: withInternalTargets(defaultClocks('complaint'), { acknowledgement: { unit: 'calendar_days', amount: 7 }, answer: { unit: 'calendar_days', amount: 30 } }),
      },
      {
        code: SEED_SERVICE_CODES.justiceAppointment,
        caseType: 'appointment',
        name: 'Rendez-vous au guichet du Ministère de la Justice',
        nameAr: 'موعد بشباك وزارة العدل',
        nameEn: 'Appointment at the Ministry of Justice counter',
        description: 'Prendre rendez-vous avec un agent du guichet d’accueil, sur place ou par visioconférence.',
        descriptionAr: 'حجز موعد مع موظف بشباك الاستقبال، حضوريا أو عبر الاتصال المرئي.',
        descriptionEn: 'Book an appointment with an officer of the reception counter, in person or by videoconference.',
        requiredDocuments: [],
        clocks: defaultClocks('appointment'),
        settings: { modalities: ['in_person', 'video'] },
        slots: { seats: 2 },
      },
      {
        code: SEED_SERVICE_CODES.legalConsultation,
        caseType: 'legal_consultation',
        name: 'Consultation juridique',
        nameAr: 'استشارة قانونية',
        nameEn: 'Legal consultation',
        description: 'Consulter un conseiller en prévoyance sociale ou en recours contentieux : réponse écrite sous 15 jours ouvrables, ou rendez-vous sur place ou en visioconférence.',
        descriptionAr: 'استشارة مستشار في الاحتياط الاجتماعي أو الطعون القضائية: جواب كتابي داخل 15 يوم عمل، أو موعد حضوري أو عبر الاتصال المرئي.',
        descriptionEn: 'Consult an advisor on social welfare or litigation appeals: a written answer within 15 working days, or a meeting in person or by videoconference.',
        requiredDocuments: [],
        clocks: defaultClocks('legal_consultation'),
        settings: { byAdvisor: true, modalities: ['in_person', 'video'] },
        slots: { seats: 1, advisor: 'advisor' },
      },
    ],
  },
  {
    code: SEED_ENTITY_CODES.communeRabat,
    name: 'Commune de Rabat',
    nameAr: 'جماعة الرباط',
    office: {
      code: SEED_OFFICE_CODES.communeRabat,
      name: "Bureau d'état civil Hassan",
      address: 'Avenue Hassan II, Rabat',
    },
    services: [
      {
        code: SEED_SERVICE_CODES.birthCertificate,
        name: "Extrait d'acte de naissance",
        nameAr: 'نسخة موجزة من رسم الولادة',
        description: "Extrait de l'acte de naissance inscrit au registre de l'état civil de la commune.",
        nameEn: "Birth certificate extract",
        descriptionAr: "نسخة موجزة من رسم الولادة المقيد في سجل الحالة المدنية للجماعة.",
        descriptionEn: "Extract of the birth record entered in the commune's civil register.",
        requiredDocuments: [{ fr: "Carte nationale d'identité électronique (CNIE)", ar: "البطاقة الوطنية للتعريف الإلكترونية", en: "Electronic national identity card (CNIE)" }],
        clocks: { decision: documentPolicy({ unit: 'working_days', amount: 3 }) },
      },
      {
        code: SEED_SERVICE_CODES.residenceCertificate,
        name: 'Certificat de résidence',
        nameAr: 'شهادة السكنى',
        description: 'Atteste la résidence du demandeur sur le territoire de la commune.',
        nameEn: "Residence certificate",
        descriptionAr: "تشهد بسكن صاحب الطلب بتراب الجماعة.",
        descriptionEn: "Attests that the applicant lives within the commune.",
        requiredDocuments: [{ fr: "Carte nationale d'identité électronique (CNIE)", ar: "البطاقة الوطنية للتعريف الإلكترونية", en: "Electronic national identity card (CNIE)" }, { fr: "Justificatif de domicile (facture ou contrat de bail)", ar: "ما يثبت السكن (فاتورة أو عقد كراء)", en: "Proof of address (a bill or a lease)" }],
        clocks: { decision: { ...documentPolicy({ unit: 'working_days', amount: 5 }), internalTarget: { unit: 'working_days', amount: 3 } } },
      },
      {
        code: SEED_SERVICE_CODES.signatureLegalisation,
        name: 'Légalisation de signature',
        nameAr: 'تصحيح الإمضاء',
        description: "Certification de la signature apposée sur un document, en présence de l'agent.",
        nameEn: "Signature legalisation",
        descriptionAr: "الإشهاد على صحة الإمضاء الموضوع على وثيقة بحضور الموظف.",
        descriptionEn: "Certification of a signature on a document, signed before the officer.",
        requiredDocuments: [{ fr: "Carte nationale d'identité électronique (CNIE)", ar: "البطاقة الوطنية للتعريف الإلكترونية", en: "Electronic national identity card (CNIE)" }, { fr: "Le document à signer", ar: "الوثيقة المراد توقيعها", en: "The document to be signed" }],
        clocks: { decision: documentPolicy({ unit: 'working_days', amount: 1 }) },
      },
      {
        code: SEED_SERVICE_CODES.investmentAuthorisation,
        name: "Autorisation d'investissement",
        nameAr: 'رخصة الاستثمار',
        description: "Acte lié à l'investissement : délai maximal de 30 jours, le silence vaut acceptation.",
        nameEn: "Investment authorisation",
        descriptionAr: "قرار مرتبط بالاستثمار: أجل أقصاه 30 يوما، والسكوت يعتبر قبولا.",
        descriptionEn: "An investment act: at most 30 days, and silence means acceptance.",
        requiredDocuments: [{ fr: "Carte nationale d'identité électronique (CNIE)", ar: "البطاقة الوطنية للتعريف الإلكترونية", en: "Electronic national identity card (CNIE)" }, { fr: "Dossier du projet d’investissement", ar: "ملف مشروع الاستثمار", en: "The investment project file" }],
        clocks: { decision: { ...documentPolicy({ unit: 'calendar_days', amount: 30 }, 'investment_act'), silence: 'implicit_acceptance' } },
      },
      {
        code: SEED_SERVICE_CODES.communeComplaint,
        caseType: 'complaint',
        name: 'Réclamation auprès de la commune',
        nameAr: 'شكاية لدى الجماعة',
        nameEn: 'Complaint to the municipality',
        description: 'Réclamation, observation ou suggestion sur les services de la commune (décret 2-17-265).',
        descriptionAr: 'شكاية أو ملاحظة أو اقتراح بشأن خدمات الجماعة (المرسوم 2-17-265).',
        descriptionEn: 'Complaint, observation or suggestion about the municipality’s services (Decree 2-17-265).',
        requiredDocuments: [],
        clocks: defaultClocks('complaint'),
      },
      {
        code: SEED_SERVICE_CODES.civilRegistryAppointment,
        caseType: 'appointment',
        name: 'Rendez-vous au bureau d’état civil',
        nameAr: 'موعد بمكتب الحالة المدنية',
        nameEn: 'Appointment at the civil registry office',
        description: 'Prendre rendez-vous au bureau d’état civil Hassan pour une démarche sur place.',
        descriptionAr: 'حجز موعد بمكتب الحالة المدنية حسان لإنجاز إجراء حضوريا.',
        descriptionEn: 'Book an appointment at the Hassan civil registry office for a procedure in person.',
        requiredDocuments: [],
        clocks: defaultClocks('appointment'),
        settings: { modalities: ['in_person'] },
        slots: { seats: 2 },
      },
    ],
  },
];

/** The demo offices' weekly hours for appointments: mornings and early afternoons, Monday to Friday, in 30-minute slots. */
const SEED_SLOT_HOURS = [
  { startTime: '09:00', endTime: '12:00' },
  { startTime: '14:00', endTime: '16:00' },
];
const SEED_WEEKDAYS = [1, 2, 3, 4, 5];
const SEED_SLOT_MINUTES = 30;

/** Demo addresses on the reserved .test domain: with npm start they land in MailDev's inbox. */
const SEED_STAFF: { username: (typeof SEED_USERNAMES)[number]; role: string; displayName: string; entityCode: string | null; email: string; advisorDomains?: string[] }[] = [
  { username: 'handler', role: 'handler', displayName: 'Agent de traitement (démo)', entityCode: SEED_ENTITY_CODES.justice, email: 'handler@justice.khidma.test' },
  { username: 'supervisor', role: 'supervisor', displayName: 'Chef de service (démo)', entityCode: SEED_ENTITY_CODES.justice, email: 'supervisor@justice.khidma.test' },
  { username: 'manager', role: 'manager', displayName: 'Responsable (démo)', entityCode: SEED_ENTITY_CODES.justice, email: 'manager@justice.khidma.test' },
  { username: 'admin', role: 'admin', displayName: 'Administrateur de la plateforme (démo)', entityCode: null, email: 'admin@khidma.test' },
  {
    username: 'advisor',
    role: 'handler',
    displayName: 'Conseiller juridique (démo)',
    entityCode: SEED_ENTITY_CODES.justice,
    email: 'advisor@justice.khidma.test',
    advisorDomains: ['social_welfare', 'litigation_appeals'],
  },
];

/** Serialises concurrent seeders (several processes may start on one fresh database). */
const SEED_ADVISORY_LOCK = 4_815_162_342;

const BCRYPT_COST = 10;

/**
 * Seeds a fresh database (no entity and no staff account yet) and does nothing on any
 * later run. In production it refuses to create accounts with the demo password.
 */
export async function seed(prisma: PrismaClient, options: SeedOptions): Promise<{ created: boolean }> {
  const password = options.password || DEFAULT_SEED_PASSWORD;
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_ADVISORY_LOCK}::bigint)`;
      const [entities, staff] = await Promise.all([tx.entity.count(), tx.staffUser.count()]);
      if (entities > 0 || staff > 0) {
        options.log('database already holds a catalogue or staff accounts; seed skipped');
        return { created: false };
      }
      if (options.nodeEnv === 'production' && password === DEFAULT_SEED_PASSWORD) {
        throw new Error(
          'refusing to seed staff accounts with the demo password in production: set SEED_PASSWORD to a secret password',
        );
      }
      await createCatalogue(tx);
      await createStaff(tx, password);
      const slots = await publishSeedSlots(tx);
      const grants = await seedGrants(tx);
      const tenders = await createSeedTenders(tx, Date.now());
      options.log(
        `seeded ${SEED_ENTITIES.length} entities, ${SEED_ENTITIES.reduce((n, e) => n + e.services.length, 0)} services ` +
          `(${slots} appointment slots over ${SEED_SLOT_DAYS} days), staff accounts ${SEED_USERNAMES.join(', ')}, ${grants} grant awards and ${tenders} calls for tenders`,
      );
      return { created: true };
    },
    // bcrypt in pure JS takes a moment per account.
    { timeout: 30_000 },
  );
}

async function createCatalogue(tx: Prisma.TransactionClient): Promise<void> {
  for (const entity of SEED_ENTITIES) {
    await tx.entity.create({
      data: {
        code: entity.code,
        name: entity.name,
        nameAr: entity.nameAr,
        offices: { create: entity.office },
        services: {
          create: entity.services.map(({ slots: _slots, settings, ...service }) => ({
            ...service,
            caseType: service.caseType ?? 'document_request',
            settings: (settings ?? {}) as Prisma.InputJsonObject,
            // SlaPolicy is plain JSON data; an interface just lacks the index signature Prisma's JSON type asks for.
            clocks: service.clocks as unknown as Prisma.InputJsonObject,
            requiredDocuments: service.requiredDocuments as unknown as Prisma.InputJsonArray,
          })),
        },
      },
    });
  }
}

async function createStaff(tx: Prisma.TransactionClient, password: string): Promise<void> {
  const entities = await tx.entity.findMany({ select: { id: true, code: true } });
  const idByCode = new Map(entities.map((entity) => [entity.code, entity.id]));
  for (const user of SEED_STAFF) {
    await tx.staffUser.create({
      data: {
        username: user.username,
        displayName: user.displayName,
        email: user.email,
        role: user.role,
        passwordHash: await bcrypt.hash(password, BCRYPT_COST),
        entityId: user.entityCode === null ? null : (idByCode.get(user.entityCode) ?? null),
        advisorDomains: user.advisorDomains ?? [],
      },
    });
  }
}

/** The weekly templates of the appointment services at their entity's office, then the coming weeks published; returns the slots created. */
async function publishSeedSlots(tx: Prisma.TransactionClient): Promise<number> {
  let created = 0;
  for (const entity of SEED_ENTITIES) {
    const office = await tx.office.findFirstOrThrow({ where: { code: entity.office.code, entity: { code: entity.code } } });
    for (const service of entity.services) {
      if (!service.slots) continue;
      const { id: serviceId } = await tx.service.findFirstOrThrow({ where: { code: service.code, entityId: office.entityId } });
      const advisor = service.slots.advisor ? await tx.staffUser.findUniqueOrThrow({ where: { username: service.slots.advisor } }) : null;
      await tx.slotTemplate.createMany({
        data: SEED_WEEKDAYS.flatMap((weekday) =>
          SEED_SLOT_HOURS.map((hours) => ({
            officeId: office.id,
            serviceId,
            advisorId: advisor?.id ?? null,
            weekday,
            ...hours,
            lengthMinutes: SEED_SLOT_MINUTES,
            seats: service.slots!.seats,
            updatedBy: 'seed',
          })),
        ),
      });
    }
    const from = moroccanToday();
    created += (await publishSlotsWithin(tx, { officeId: office.id, from, to: fromEpochDay(toEpochDay(from) + SEED_SLOT_DAYS - 1) })).created;
  }
  return created;
}
