import { Type, type Static } from 'typebox';
import { SINGLE_LINE_TEXT_PATTERN } from '../../domain/text.js';
import { TENDER_CATEGORIES, TENDER_PROCEDURES, TENDER_STATUSES } from '../../domain/tenders/tender.js';
import { TENDER_SORTS } from '../../store/tenders/tender-store.js';
import { LocalizedText } from './common.js';

const Centimes = (description: string) => Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: `${description}, in centimes of dirham (MAD × 100); null when not published` });
const BiText = Type.Object({ fr: Type.String(), ar: Type.String() });
const IsoDay = (description: string) => Type.String({ maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$', description, examples: ['2026-12-14'] });
const STATUS_LIST = `^(${TENDER_STATUSES.join('|')})(,(${TENDER_STATUSES.join('|')}))*$`;

export const TendersQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, pattern: SINGLE_LINE_TEXT_PATTERN, description: 'words to find in the reference, objects (fr/ar), buyer and lots; case, accents and Arabic diacritics ignored' })),
    buyer: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Z0-9][A-Z0-9_-]{0,39}$', description: 'buyer code, e.g. MJ' })),
    category: Type.Optional(Type.Enum([...TENDER_CATEGORIES])),
    procedure: Type.Optional(Type.Enum([...TENDER_PROCEDURES])),
    status: Type.Optional(Type.String({ maxLength: 100, pattern: STATUS_LIST, description: `one status or several separated by commas: ${TENDER_STATUSES.join(', ')}` })),
    deadlineFrom: Type.Optional(IsoDay('calls whose deadline falls on this Moroccan day or later')),
    deadlineTo: Type.Optional(IsoDay('calls whose deadline falls on this Moroccan day or earlier')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
    sort: Type.Optional(Type.Enum([...TENDER_SORTS], { default: '-publishedOn', description: 'newest publication first unless told; a leading - reverses' })),
  },
  { additionalProperties: false },
);
export type TendersQuery = Static<typeof TendersQuery>;

export const TenderParams = Type.Object(
  { reference: Type.String({ minLength: 1, maxLength: 100, pattern: SINGLE_LINE_TEXT_PATTERN, description: 'the reference, percent-encoded as one path segment (encodeURIComponent): "AO N° 12/2026/MJ" is AO%20N%C2%B0%2012%2F2026%2FMJ' }) },
  { additionalProperties: false },
);

export const TenderDocumentParams = Type.Object(
  { reference: TenderParams.properties.reference, fileName: Type.String({ minLength: 1, maxLength: 200, pattern: SINGLE_LINE_TEXT_PATTERN }) },
  { additionalProperties: false },
);

export const CalendarQuery = Type.Object({ lang: Type.Optional(Type.Enum(['fr', 'ar', 'en'], { default: 'fr' })) }, { additionalProperties: false });

export const TenderView = Type.Object({
  reference: Type.String(),
  path: Type.String({ description: 'the reference as it goes in a URL (encodeURIComponent)' }),
  objects: BiText,
  buyer: Type.Object({ code: Type.String(), name: BiText }),
  category: Type.Enum([...TENDER_CATEGORIES]),
  procedure: Type.Enum([...TENDER_PROCEDURES]),
  status: Type.Enum([...TENDER_STATUSES], { description: 'derived from the dates and facts when the answer was made' }),
  labels: Type.Object({ category: LocalizedText, procedure: LocalizedText, status: LocalizedText }),
  publishedOn: Type.String({ description: 'YYYY-MM-DD' }),
  deadlineAt: Type.String({ description: 'deadline for bids, an instant (UTC)' }),
  deadlineLocal: Type.String({ description: 'the same on the Moroccan legal clock, YYYY-MM-DD HH:mm' }),
  openingAt: Type.String({ description: 'public opening of bids, an instant (UTC)' }),
  openingLocal: Type.String({ description: 'YYYY-MM-DD HH:mm, Moroccan legal time' }),
  openingPlace: Type.String(),
  estimateCentimes: Centimes('estimated amount incl. taxes'),
  guaranteeCentimes: Centimes('provisional guarantee'),
  lots: Type.Array(Type.Object({ number: Type.Integer(), objects: BiText, estimateCentimes: Centimes('estimate of the lot'), guaranteeCentimes: Centimes('guarantee of the lot') })),
  documents: Type.Array(
    Type.Object({
      fileName: Type.String(),
      sizeBytes: Type.Integer({ minimum: 0 }),
      url: Type.String({ description: 'a path on this site for the files it holds, else the address the buyer published' }),
    }),
  ),
  cancellation: Type.Union([Type.Object({ cancelledOn: Type.String(), reason: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  award: Type.Union([Type.Object({ awardee: Type.String(), amountCentimes: Type.Integer(), awardedOn: Type.String() }), Type.Null()]),
  links: Type.Object({ self: Type.String(), calendar: Type.String() }),
});

export const TendersAnswer = Type.Object({ items: Type.Array(TenderView), total: Type.Integer() });

export const TenderFiltersAnswer = Type.Object({
  categories: Type.Array(Type.Object({ code: Type.String(), labels: LocalizedText })),
  procedures: Type.Array(Type.Object({ code: Type.String(), labels: LocalizedText })),
  statuses: Type.Array(Type.Object({ code: Type.String(), labels: LocalizedText })),
  buyers: Type.Array(Type.Object({ code: Type.String(), name: BiText })),
  closingSoonDays: Type.Integer(),
});
