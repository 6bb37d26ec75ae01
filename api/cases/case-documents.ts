import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { localDateTimeOfMs } from '../../domain/calendar/zoned-time.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { StepRefused } from '../errors.js';
import type { LoadedCase } from './case-read.js';

/*
 * The documents a citizen downloads from a case: the récépissé (Law 55-19, at submission), the
 * attestation of a request deemed accepted by silence, and the summary to attach when seizing the
 * CDAI or the Médiateur. French first, English below. The standard PDF fonts have no Arabic, and
 * pdf-lib does not shape Arabic script (joining, right to left), so an Arabic version would print
 * unreadable letters: it is left out rather than printed wrong.
 */

const A4: [number, number] = [595.28, 841.89];

/** What the font cannot draw becomes "?", instead of the whole document failing. */
function printable(text: string, font: PDFFont): string {
  return Array.from(text, (char) => {
    try {
      font.encodeText(char);
      return char;
    } catch {
      return '?';
    }
  }).join('');
}

/** A writer of lines down A4 pages, a new page when one is full. */
async function writer(title: string, subject: string, createdAt: Date) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setSubject(subject);
  pdf.setProducer('Khidma');
  pdf.setCreationDate(createdAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage(A4);
  let y = 780;
  const line = (text: string, weight: 'regular' | 'bold', size: number, gap = 8) => {
    if (y < 60) {
      page = pdf.addPage(A4);
      y = 780;
    }
    const font = weight === 'bold' ? bold : regular;
    page.drawText(printable(text, font).slice(0, 110), { x: 56, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    y -= size + gap;
  };
  const fact = (fr: string, en: string, value: string) => {
    line(`${fr} / ${en}`, 'regular', 10, 4);
    line(value, 'bold', 14, 16);
  };
  return { line, fact, space: (points: number) => (y -= points), save: () => pdf.save() };
}

const legalDateTime = (instant: Date) => localDateTimeOfMs(instant.getTime(), moroccoLegalTime()).slice(0, 16);
const legalDate = (instant: Date | null) => (instant ? localDateTimeOfMs(instant.getTime(), moroccoLegalTime()).slice(0, 10) : '—');

/** The case's own rule, as its explanation recorded it: the service's may have changed since. */
function legalBasisOf(found: LoadedCase): string {
  return (found.explanation as { legalBasis?: string } | null)?.legalBasis ?? '—';
}

/** The récépissé: date, tracking code, service and legal deadline. It names no personal data. */
export async function receiptPdf(found: LoadedCase): Promise<Uint8Array> {
  const doc = await writer(`Récépissé ${found.trackingCode}`, 'Récépissé de dépôt — Loi 55-19', found.submittedAt);
  doc.line('Récépissé de dépôt', 'bold', 22);
  doc.line('Receipt of submission', 'regular', 12, 24);
  doc.fact('Code de suivi', 'Tracking code', found.trackingCode);
  doc.fact('Service', 'Service', found.service.name);
  doc.fact('Déposé le (heure légale du Maroc)', 'Submitted on (Moroccan legal time)', legalDateTime(found.submittedAt));
  doc.fact('Date limite légale de réponse', 'Legal deadline for the answer', legalDate(found.dueAt));
  doc.fact('Base légale', 'Legal basis', legalBasisOf(found));
  doc.space(8);
  doc.line('Conservez ce récépissé et votre code d’accès : ils permettent de suivre la demande.', 'regular', 10, 4);
  doc.line('Keep this receipt and your access code: they let you follow the request.', 'regular', 10, 4);
  return doc.save();
}

/**
 * The attestation that a request is deemed accepted, the administration having kept silent past
 * the legal deadline (Law 55-19, for the acts its decree lists). Only for a case that ended so.
 */
export async function attestationPdf(found: LoadedCase): Promise<Uint8Array> {
  if (found.outcome !== 'deemed_accepted') {
    throw new StepRefused('there is no attestation: this request was not deemed accepted by silence', { reason: 'not_deemed_accepted' });
  }
  const deadline = found.clocks.find((c) => c.breachedAt !== null)?.breachedAt ?? found.dueAt;
  const doc = await writer(`Attestation ${found.trackingCode}`, 'Attestation d’acceptation tacite — Loi 55-19', found.closedAt ?? found.submittedAt);
  doc.line('Attestation d’acceptation tacite', 'bold', 22);
  doc.line('Attestation of deemed acceptance', 'regular', 12, 24);
  doc.fact('Demandeur', 'Applicant', String((found.applicant as { fullName?: string }).fullName ?? '—'));
  doc.fact('Code de suivi', 'Tracking code', found.trackingCode);
  doc.fact('Service', 'Service', found.service.name);
  doc.fact('Déposée le (heure légale du Maroc)', 'Submitted on (Moroccan legal time)', legalDateTime(found.submittedAt));
  doc.fact('Délai légal expiré le', 'Legal deadline passed on', legalDate(deadline));
  doc.fact('Base légale', 'Legal basis', legalBasisOf(found));
  doc.space(8);
  doc.line('L’administration n’ayant pas répondu dans le délai légal, la demande est réputée acceptée.', 'regular', 10, 4);
  doc.line('The administration not having answered within the legal time limit, the request is deemed accepted.', 'regular', 10, 4);
  return doc.save();
}

/** The summary of a case to attach when seizing the CDAI or the Médiateur: what was asked, when, what happened. */
export async function summaryPdf(found: LoadedCase): Promise<Uint8Array> {
  const doc = await writer(`Récapitulatif ${found.trackingCode}`, 'Récapitulatif du dossier', new Date());
  doc.line('Récapitulatif du dossier', 'bold', 22);
  doc.line('Case summary', 'regular', 12, 24);
  doc.fact('Code de suivi', 'Tracking code', found.trackingCode);
  doc.fact('Service', 'Service', found.service.name);
  doc.fact('Déposé le', 'Submitted on', legalDateTime(found.submittedAt));
  const status = statusLabel(found.caseType, found.status);
  doc.fact('État', 'Status', `${status.fr} / ${status.en}`);
  doc.fact('Base légale', 'Legal basis', legalBasisOf(found));
  doc.line('Historique / History', 'bold', 12, 8);
  for (const event of found.events) {
    const label = statusLabel(found.caseType, event.status);
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    const said = [payload.message, payload.reason, payload.ground].filter((v): v is string => typeof v === 'string').join(' — ');
    doc.line(`${legalDateTime(event.occurredAt)}  ${label.fr} (${event.type})`, 'regular', 10, 2);
    if (said) doc.line(`    ${said}`, 'regular', 9, 4);
  }
  return doc.save();
}
