import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { localDateTimeOfMs } from '../../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../../scripts/runtime/legal-time.js';
import type { LoadedCase } from './case-read.js';

/**
 * The récépissé Law 55-19 asks for at submission: date, tracking code, service and legal deadline.
 * French first, English below. The standard PDF fonts have no Arabic, and pdf-lib does not shape
 * Arabic script (joining, right to left), so an Arabic version would print unreadable letters:
 * it is left out rather than printed wrong. It names no personal data.
 */
export async function receiptPdf(found: LoadedCase): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Récépissé ${found.trackingCode}`);
  pdf.setSubject('Récépissé de dépôt — Loi 55-19');
  pdf.setProducer('Khidma');
  pdf.setCreationDate(found.submittedAt);
  const page = pdf.addPage([595.28, 841.89]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const legal = moroccoLegalTime();
  const submitted = localDateTimeOfMs(found.submittedAt.getTime(), legal).slice(0, 16);
  const due = found.dueAt ? localDateTimeOfMs(found.dueAt.getTime(), legal).slice(0, 10) : '—';
  // The case's own rule, as its explanation recorded it: the service's may have changed since.
  const legalBasis = (found.explanation as { legalBasis?: string } | null)?.legalBasis ?? '—';

  let y = 780;
  const line = (text: string, font: PDFFont, size: number, gap = 8) => {
    page.drawText(printable(text, font), { x: 56, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    y -= size + gap;
  };
  line('Récépissé de dépôt', bold, 22);
  line('Receipt of submission', regular, 12, 24);
  for (const [fr, en, value] of [
    ['Code de suivi', 'Tracking code', found.trackingCode],
    ['Service', 'Service', found.service.name],
    ['Déposé le (heure légale du Maroc)', 'Submitted on (Moroccan legal time)', submitted],
    ['Date limite légale de réponse', 'Legal deadline for the answer', due],
    ['Base légale', 'Legal basis', legalBasis],
  ] as const) {
    line(`${fr} / ${en}`, regular, 10, 4);
    line(value, bold, 14, 16);
  }
  y -= 8;
  line('Conservez ce récépissé et votre code d’accès : ils permettent de suivre la demande.', regular, 10, 4);
  line('Keep this receipt and your access code: they let you follow the request.', regular, 10, 4);
  return pdf.save();
}

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
