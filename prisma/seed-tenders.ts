import { PDFDocument, StandardFonts } from 'pdf-lib';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import type { IsoDate } from '../domain/calendar/types.js';
import { localTimeToMs } from '../domain/calendar/zoned-time.js';
import type { TenderCategory, TenderDocument, TenderLot, TenderProcedure } from '../domain/tenders/tender.js';
import type { TenderRecord } from '../domain/tenders/tender-record.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import { moroccanToday } from '../store/slot-publication.js';
import { tenderColumns } from '../store/tenders/tender-store.js';
import type { Prisma } from './generated/client.js';

// Demo calls for tenders, dated from the day of the seed so that every status is on show: open,
// closing soon, closed, awarded and cancelled. Their dossiers are small PDFs the platform holds
// and serves itself, so no seeded link can break.

const BUYERS = [
  { code: 'MJ', name: 'Ministère de la Justice', nameAr: 'وزارة العدل', place: 'Salle des réunions, Ministère de la Justice, Place Al Mamounia, Rabat' },
  { code: 'COMMUNE-RABAT', name: 'Commune de Rabat', nameAr: 'جماعة الرباط', place: 'Salle des séances, Hôtel de Ville, avenue Mohammed V, Rabat' },
  { code: 'REGION-CS', name: 'Région Casablanca-Settat', nameAr: 'جهة الدار البيضاء سطات', place: 'Siège de la Région, boulevard Zerktouni, Casablanca' },
  { code: 'ONEE', name: 'Office national de l’électricité et de l’eau potable', nameAr: 'المكتب الوطني للكهرباء والماء الصالح للشرب', place: 'Direction des achats, route de Casablanca, Rabat' },
] as const;

interface Subject {
  category: TenderCategory;
  fr: string;
  ar: string;
  lots?: [string, string][];
}

const SUBJECTS: Subject[] = [
  { category: 'travaux', fr: 'Travaux de réhabilitation du tribunal de première instance de Salé', ar: 'أشغال إعادة تأهيل المحكمة الابتدائية بسلا', lots: [['Gros œuvre', 'الأشغال الكبرى'], ['Électricité et climatisation', 'الكهرباء والتكييف'], ['Menuiserie et peinture', 'النجارة والصباغة']] },
  { category: 'fournitures', fr: 'Fourniture de matériel informatique pour les juridictions', ar: 'توريد العتاد المعلوماتي لفائدة المحاكم', lots: [['Postes de travail', 'حواسيب مكتبية'], ['Imprimantes et scanners', 'طابعات وماسحات ضوئية']] },
  { category: 'services', fr: 'Prestations de nettoyage et de gardiennage des bâtiments administratifs', ar: 'خدمات التنظيف والحراسة للبنايات الإدارية' },
  { category: 'etudes', fr: 'Étude de faisabilité d’un centre de formation aux métiers du numérique', ar: 'دراسة جدوى إحداث مركز للتكوين في مهن الرقميات' },
  { category: 'travaux', fr: 'Travaux d’aménagement de la voirie du quartier Hay Riad', ar: 'أشغال تهيئة الطرق بحي الرياض', lots: [['Chaussées et trottoirs', 'الطرق والأرصفة'], ['Éclairage public', 'الإنارة العمومية']] },
  { category: 'etudes', fr: 'Étude géotechnique pour la construction d’une école communale', ar: 'دِرَاسَة جيوتقنية لبناء مَدْرَسَة جماعاتية' },
  { category: 'fournitures', fr: 'Fourniture et pose de compteurs d’eau intelligents', ar: 'توريد وتركيب عدادات الماء الذكية' },
  { category: 'services', fr: 'Maintenance des installations de climatisation', ar: 'صيانة منشآت التكييف' },
  { category: 'etudes', fr: 'Études techniques et suivi des travaux d’extension du réseau d’assainissement', ar: 'الدراسات التقنية وتتبع أشغال توسيع شبكة التطهير السائل' },
  { category: 'travaux', fr: 'Construction d’un centre de santé de proximité à Sidi Moumen', ar: 'بناء مركز صحي للقرب بسيدي مومن' },
  { category: 'fournitures', fr: 'Acquisition de mobilier de bureau', ar: 'اقتناء الأثاث المكتبي', lots: [['Bureaux et chaises', 'مكاتب وكراسي'], ['Armoires d’archives', 'خزانات الأرشيف']] },
  { category: 'services', fr: 'Numérisation des archives de l’état civil', ar: 'رقمنة أرشيف الحالة المدنية' },
];

const PROCEDURES: TenderProcedure[] = ['appel_offres_ouvert', 'appel_offres_ouvert', 'appel_offres_restreint', 'concours', 'appel_offres_ouvert', 'negocie', 'appel_offres_preselection'];
const AWARDEES = ['Société Atlas Bâtiment SARL', 'Maghreb Informatique SA', 'Bureau d’études Ingéconseil', 'Entreprise Nour Travaux', 'Sahara Services SARL'];

/** Every kind of status, in turn: where the deadline lies from the seed day, and what became of the call. */
type Fate = 'open' | 'closing_soon' | 'closed' | 'awarded' | 'cancelled';
const FATES: Fate[] = ['open', 'closing_soon', 'closed', 'awarded', 'cancelled', 'open'];
const CALLS = 36;

const PROSE = 'Le présent dossier d’appel à la concurrence comprend le règlement de consultation, le cahier des prescriptions spéciales et le bordereau des prix.';

async function dossierPdf(title: string, reference: string, part: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${part} — ${reference}`);
  pdf.setCreationDate(new Date(Date.UTC(2026, 0, 1)));
  pdf.setModificationDate(new Date(Date.UTC(2026, 0, 1)));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText(part, { x: 50, y: 780, size: 18, font });
  page.drawText(reference, { x: 50, y: 750, size: 12, font });
  page.drawText(title.slice(0, 90), { x: 50, y: 730, size: 10, font });
  page.drawText(PROSE.slice(0, 95), { x: 50, y: 700, size: 9, font });
  page.drawText(PROSE.slice(95), { x: 50, y: 688, size: 9, font });
  return pdf.save();
}

function round100(mad: number): number {
  return Math.round(mad / 100) * 100;
}

/** The seeded calls relative to `nowMs`, each with the files of its dossier. */
export async function seedTenderRecords(nowMs: number): Promise<{ record: TenderRecord; files: { fileName: string; content: Uint8Array }[] }[]> {
  const zone = moroccoLegalTime();
  const today = toEpochDay(moroccanToday(new Date(nowMs)));
  const year = fromEpochDay(today).slice(0, 4);
  const at = (day: number, minute: number) => localTimeToMs(fromEpochDay(day), minute, zone);
  const calls = [];
  for (let i = 0; i < CALLS; i++) {
    const buyer = BUYERS[i % BUYERS.length]!;
    const subject = SUBJECTS[i % SUBJECTS.length]!;
    const fate = FATES[i % FATES.length]!;
    const spread = (i * 7) % 11;
    const deadlineDay = {
      open: today + 12 + spread * 3,
      closing_soon: today + 1 + (spread % 6),
      closed: today - 2 - spread,
      awarded: today - 30 - spread * 4,
      cancelled: today + (spread % 2 === 0 ? 20 : -10),
    }[fate];
    const publishedDay = Math.min(today - 1 - (i % 3), deadlineDay - 21);
    const procedure = subject.category === 'etudes' && i % 4 === 3 ? 'concours' : PROCEDURES[i % PROCEDURES.length]!;
    const prefix = procedure === 'concours' ? 'Concours' : procedure === 'negocie' ? 'PN' : 'AO';
    const reference = `${prefix} N° ${String(i + 1).padStart(2, '0')}/${year}/${buyer.code}`;
    const estimateMad = round100(250_000 + ((i * 7919) % 97) * 61_300);
    const lots: TenderLot[] = (subject.lots ?? []).map(([fr, ar], index, all) => {
      const share = round100(estimateMad / all.length);
      return { number: index + 1, objectFr: fr, objectAr: ar, estimateCentimes: share * 100, guaranteeCentimes: round100(share * 0.015) * 100 };
    });
    const estimateCentimes = lots.length > 0 ? lots.reduce((sum, lot) => sum + lot.estimateCentimes!, 0) : estimateMad * 100;
    const slug = reference.replace(/[^A-Za-z0-9]+/g, '-');
    const files = [];
    for (const [part, name] of [['Règlement de consultation', 'RC'], ['Cahier des prescriptions spéciales', 'CPS']] as const) {
      files.push({ fileName: `${name}-${slug}.pdf`, content: await dossierPdf(subject.fr, reference, part) });
    }
    const documents: TenderDocument[] = files.map((f) => ({ fileName: f.fileName, sizeBytes: f.content.byteLength, url: null }));
    const record: TenderRecord = {
      reference,
      objectFr: subject.fr,
      objectAr: subject.ar,
      buyerCode: buyer.code,
      buyerName: buyer.name,
      buyerNameAr: buyer.nameAr,
      category: subject.category,
      procedure,
      publishedOn: fromEpochDay(publishedDay) as IsoDate,
      deadlineAt: at(deadlineDay, 10 * 60),
      openingAt: at(deadlineDay, 10 * 60 + 30),
      openingPlace: buyer.place,
      estimateCentimes,
      guaranteeCentimes: round100((estimateCentimes / 100) * 0.015) * 100,
      lots,
      documents,
      cancelledOn: fate === 'cancelled' ? (fromEpochDay(Math.min(today, publishedDay + 10)) as IsoDate) : null,
      cancellationReason: fate === 'cancelled' ? 'Modification substantielle du dossier d’appel d’offres' : null,
      award:
        fate === 'awarded'
          ? { awardee: AWARDEES[i % AWARDEES.length]!, amountCentimes: Math.round(estimateCentimes * 0.93 / 100) * 100, awardedOn: fromEpochDay(Math.min(today, deadlineDay + 20)) as IsoDate }
          : null,
    };
    calls.push({ record, files });
  }
  return calls;
}

export async function createSeedTenders(tx: Prisma.TransactionClient, nowMs: number): Promise<number> {
  const calls = await seedTenderRecords(nowMs);
  for (const { record, files } of calls) {
    await tx.tender.create({
      data: { ...tenderColumns(record), files: { create: files.map((f) => ({ fileName: f.fileName, mediaType: 'application/pdf', content: new Uint8Array(f.content) })) } },
    });
  }
  return calls.length;
}
