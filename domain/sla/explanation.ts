import type { IsoDate, LocalizedName } from '../calendar/types.js';
import { localDateTimeOfMs, parseInstant } from '../calendar/zoned-time.js';
import type { TimeZone } from '../calendar/zone-rules.js';
import type { SlaExtension, SlaPause } from './ledger.js';
import { boundedNames, countOf, durationOf, listOf, type Language } from './localized-phrases.js';
import { parseIsoDuration } from './iso-duration.js';
import type { SlaBudget } from './policy.js';

export type DeadlineRule = SlaBudget['unit'];

export interface ExplainedSkippedDay {
  date: IsoDate;
  reason: 'weekend' | 'holiday' | 'pause';
  /** the holiday's name */
  name?: LocalizedName;
  /** a lunar holiday not yet confirmed by the administration */
  provisional?: boolean;
}

/** How a due date was obtained, as data and as text for the citizen. */
export interface DeadlineExplanation {
  rule: DeadlineRule;
  legalBasis: string;
  startedAt: string;
  /** civil date (calendar zone) on which the clock started; not itself counted */
  startDate: IsoDate;
  budget: SlaBudget;
  /**
   * working days from the start date to the due date (or, while paused, to the pause) that
   * counted towards the deadline; 0 for duration budgets, which count elapsed time
   */
  workingDaysCounted: number;
  /**
   * days passed over, ascending: weekends and holidays (working-day budgets, or the roll to the
   * next working day of calendar-day budgets) and paused days
   */
  skipped: ExplainedSkippedDay[];
  pauses: SlaPause[];
  extension: SlaExtension | null;
  dueDate: IsoDate | null;
  dueAt: string | null;
  /** start of the pause in progress; the due date is unknown until it ends */
  stoppedSince: string | null;
  text: LocalizedName;
}

export interface ExplanationFacts extends Omit<DeadlineExplanation, 'text'> {
  timeZone: TimeZone;
  /** for duration budgets: elapsed time of the pauses that moved the deadline */
  pausedMs: number;
}

const MAX_NAMED_HOLIDAYS = 4;

/** A budget as a citizen reads it, in each language: "10 jours ouvrables", "10 أيام عمل". */
export function budgetLabel(budget: SlaBudget): LocalizedName {
  return { fr: budgetText(budget, 'fr'), ar: budgetText(budget, 'ar'), en: budgetText(budget, 'en') };
}

function budgetText(budget: SlaBudget, language: Language): string {
  switch (budget.unit) {
    case 'working_days':
      return countOf('workingDay', budget.amount, language);
    case 'calendar_days':
      return countOf('calendarDay', budget.amount, language);
    case 'duration':
      return durationOf(parseIsoDuration(budget.iso), language);
  }
}

/** "2 jours de week-end et 1 jour férié (Aïd al-Fitr)" */
function nonWorkingText(skipped: ExplainedSkippedDay[], language: Language): string | null {
  const weekends = skipped.filter((s) => s.reason === 'weekend').length;
  const holidays = skipped.filter((s) => s.reason === 'holiday');
  const names = [...new Set(holidays.map((h) => h.name?.[language]).filter((n): n is string => Boolean(n)))];
  const parts: string[] = [];
  if (weekends > 0) parts.push(countOf('weekendDay', weekends, language));
  if (holidays.length > 0) {
    const named = names.length > 0 ? ` (${boundedNames(names, MAX_NAMED_HOLIDAYS, language)})` : '';
    parts.push(countOf('holiday', holidays.length, language) + named);
  }
  return parts.length > 0 ? listOf(parts, language) : null;
}

// Arabic counts stand after a colon, as predicates, the one grammatical case the forms of
// localized-phrases.ts are written for.
const phrases = {
  limit: { fr: 'Délai légal : ', ar: 'الأجل القانوني: ', en: 'Legal time limit: ' },
  extended: {
    fr: (by: string, on: string, reason: string) => `Délai prolongé de ${by} le ${on} : ${reason}.`,
    ar: (by: string, on: string, reason: string) => `تمديد الأجل بتاريخ ${on}: ${by}. السبب: ${reason}.`,
    en: (by: string, on: string, reason: string) => `Extended by ${by} on ${on}: ${reason}.`,
  },
  submitted: { fr: 'Déposée le ', ar: 'تاريخ الإيداع: ', en: 'Submitted on ' },
  separator: { fr: ' ; ', ar: '؛ ', en: '; ' },
  notCounted: {
    fr: (list: string, many: boolean) => `${list} non compté${many ? 's' : ''}`,
    ar: (list: string) => `الأيام غير المحتسبة: ${list}`,
    en: (list: string) => `${list} not counted`,
  },
  rolled: {
    fr: (list: string) => `échéance reportée au jour ouvrable suivant (${list})`,
    ar: (list: string) => `أُرجئ الأجل إلى أول يوم عمل موالٍ (${list})`,
    en: (list: string) => `moved to the next working day (${list})`,
  },
  paused: {
    fr: (length: string) => `délai suspendu pendant ${length}`,
    ar: (length: string) => `مدة توقف الأجل: ${length}`,
    en: (length: string) => `clock stopped for ${length}`,
  },
  stopped: {
    fr: (since: string) => `délai suspendu depuis le ${since} ; la date limite sera recalculée à la reprise.`,
    ar: (since: string) => `الأجل متوقف منذ ${since}، وسيُعاد احتساب آخر أجل عند استئنافه.`,
    en: (since: string) => `the clock has been stopped since ${since}; the deadline will be recomputed when it restarts.`,
  },
  deadline: {
    fr: (due: string) => `date limite : ${due}.`,
    ar: (due: string) => `آخر أجل: ${due}.`,
    en: (due: string) => `deadline: ${due}.`,
  },
  localTime: { fr: ' (heure locale)', ar: ' (بالتوقيت المحلي)', en: ' (local time)' },
  provisional: {
    fr: "Les dates des fêtes religieuses restent provisoires jusqu'à leur annonce officielle.",
    ar: 'تبقى تواريخ الأعياد الدينية مؤقتة إلى حين الإعلان الرسمي عنها.',
    en: 'Religious holiday dates remain provisional until officially announced.',
  },
};

function textIn(facts: ExplanationFacts, language: Language): string {
  const sentences: string[] = [];
  const basis = facts.legalBasis.trim() ? ` (${facts.legalBasis.trim()})` : '';
  sentences.push(`${phrases.limit[language]}${budgetText(facts.budget, language)}${basis}.`);
  if (facts.extension) {
    const on = localDateTimeOfMs(parseInstant(facts.extension.grantedAt), facts.timeZone).slice(0, 10);
    sentences.push(phrases.extended[language](budgetText(facts.extension.budget, language), on, facts.extension.reason));
  }

  const startedAt = localDateTimeOfMs(parseInstant(facts.startedAt), facts.timeZone);
  const clauses = [phrases.submitted[language] + (facts.rule === 'duration' ? startedAt : facts.startDate)];
  const pausedDays = facts.skipped.filter((s) => s.reason === 'pause').length;
  if (facts.rule === 'working_days') {
    const nonWorking = nonWorkingText(facts.skipped, language);
    const many = facts.skipped.filter((s) => s.reason !== 'pause').length > 1;
    if (nonWorking) clauses.push(phrases.notCounted[language](nonWorking, many));
    if (pausedDays > 0) clauses.push(phrases.paused[language](countOf('workingDay', pausedDays, language)));
  } else if (facts.rule === 'calendar_days') {
    if (pausedDays > 0) clauses.push(phrases.paused[language](countOf('calendarDay', pausedDays, language)));
    const rolledOver = nonWorkingText(facts.skipped, language);
    if (rolledOver) clauses.push(phrases.rolled[language](rolledOver));
  } else if (facts.pausedMs > 0) {
    clauses.push(phrases.paused[language](durationOf(facts.pausedMs, language)));
  }

  if (facts.stoppedSince !== null) {
    const since = localDateTimeOfMs(parseInstant(facts.stoppedSince), facts.timeZone).slice(0, 16);
    clauses.push(phrases.stopped[language](since));
  } else if (facts.rule === 'duration' && facts.dueAt !== null) {
    const due = localDateTimeOfMs(parseInstant(facts.dueAt), facts.timeZone);
    clauses.push(phrases.deadline[language](due + phrases.localTime[language]));
  } else if (facts.dueDate !== null) {
    clauses.push(phrases.deadline[language](facts.dueDate));
  }
  sentences.push(clauses.join(phrases.separator[language]));

  if (facts.skipped.some((s) => s.provisional)) sentences.push(phrases.provisional[language]);
  return sentences.join(' ');
}

export function explainDeadline(facts: ExplanationFacts): DeadlineExplanation {
  return {
    rule: facts.rule,
    legalBasis: facts.legalBasis,
    startedAt: facts.startedAt,
    startDate: facts.startDate,
    budget: facts.budget,
    workingDaysCounted: facts.workingDaysCounted,
    skipped: facts.skipped,
    pauses: facts.pauses,
    extension: facts.extension,
    dueDate: facts.dueDate,
    dueAt: facts.dueAt,
    stoppedSince: facts.stoppedSince,
    text: { fr: textIn(facts, 'fr'), ar: textIn(facts, 'ar'), en: textIn(facts, 'en') },
  };
}
