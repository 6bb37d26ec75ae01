import type { LocalizedName } from '../../domain/calendar/types.js';
import { CATEGORY_LABELS, PROCEDURE_LABELS } from '../../domain/tenders/tender.js';
import type { TenderRecord } from '../../domain/tenders/tender-record.js';
import { moroccanWallClock } from './tender-view.js';

type Language = keyof LocalizedName;

export interface FeedEntry {
  record: TenderRecord;
  updatedAt: Date;
  /** absolute address of the call's page */
  pageUrl: string;
}

const FEED_TITLE: LocalizedName = { fr: 'Appels d’offres — Khidma', ar: 'طلبات العروض — خدمة', en: 'Calls for tenders — Khidma' };
const DEADLINE: LocalizedName = { fr: 'Date limite', ar: 'آخر أجل', en: 'Deadline' };
const BUYER: LocalizedName = { fr: 'Acheteur', ar: 'المشتري', en: 'Buyer' };

/** XML 1.0's Char production: tab, line breaks and everything from space up, but no lone surrogate, U+FFFE or U+FFFF. */
function allowedInXml(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

/** XML text and attribute values: the five characters XML reserves, and nothing a document cannot hold. */
export function xmlEscape(text: string): string {
  return Array.from(text)
    .filter(allowedInXml)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function title(record: TenderRecord, language: Language): string {
  return `${record.reference} — ${language === 'ar' ? record.objectAr : record.objectFr}`;
}

function summary(record: TenderRecord, language: Language): string {
  const buyer = language === 'ar' ? record.buyerNameAr : record.buyerName;
  return [
    `${BUYER[language]}: ${buyer}`,
    `${CATEGORY_LABELS[record.category][language]} — ${PROCEDURE_LABELS[record.procedure][language]}`,
    `${DEADLINE[language]}: ${moroccanWallClock(record.deadlineAt)} (Africa/Casablanca)`,
  ].join('\n');
}

/** The newest calls as an Atom feed (RFC 4287), newest first; ids never change with the address the feed is read at. */
export function tendersAtom(entries: FeedEntry[], language: Language, feedUrl: string, listUrl: string): string {
  const updated = entries.reduce((latest, e) => Math.max(latest, e.updatedAt.getTime()), 0);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">`,
    `<id>urn:khidma:tenders:${language}</id>`,
    `<title>${xmlEscape(FEED_TITLE[language])}</title>`,
    `<updated>${new Date(updated).toISOString()}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(feedUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(listUrl)}"/>`,
    '<author><name>Khidma</name></author>',
  ];
  for (const { record, updatedAt, pageUrl } of entries) {
    lines.push(
      '<entry>',
      `<id>urn:khidma:tender:${xmlEscape(encodeURIComponent(record.reference))}</id>`,
      `<title>${xmlEscape(title(record, language))}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlEscape(pageUrl)}"/>`,
      `<published>${record.publishedOn}T00:00:00Z</published>`,
      `<updated>${updatedAt.toISOString()}</updated>`,
      `<category term="${record.category}" label="${xmlEscape(CATEGORY_LABELS[record.category][language])}"/>`,
      `<summary>${xmlEscape(summary(record, language))}</summary>`,
      '</entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}

/** The same calls as RSS 2.0, for readers that know only RSS. */
export function tendersRss(entries: FeedEntry[], language: Language, feedUrl: string, listUrl: string): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlEscape(FEED_TITLE[language])}</title>`,
    `<link>${xmlEscape(listUrl)}</link>`,
    `<description>${xmlEscape(FEED_TITLE[language])}</description>`,
    `<language>${language}</language>`,
    `<atom:link rel="self" type="application/rss+xml" href="${xmlEscape(feedUrl)}"/>`,
  ];
  for (const { record, pageUrl } of entries) {
    lines.push(
      '<item>',
      `<title>${xmlEscape(title(record, language))}</title>`,
      `<link>${xmlEscape(pageUrl)}</link>`,
      `<guid isPermaLink="false">urn:khidma:tender:${xmlEscape(encodeURIComponent(record.reference))}</guid>`,
      `<pubDate>${new Date(`${record.publishedOn}T00:00:00Z`).toUTCString()}</pubDate>`,
      `<description>${xmlEscape(summary(record, language))}</description>`,
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>');
  return `${lines.join('\n')}\n`;
}
