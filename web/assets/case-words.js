import { pick } from './i18n.js';
import { actionOf } from './case-types.js';
import { STATUS_LABELS } from './status-labels.js';

// Written by the API from domain/cases/status-labels.ts, so the pages and the API never disagree.

/** Every status of every case type, once, for filters. */
export const ALL_STATUSES = [...new Set(Object.values(STATUS_LABELS).flatMap((statuses) => Object.keys(statuses)))];

/**
 * A status of a case type as its reader says it: the citizen ("waiting for your documents") or
 * staff ("waiting for the applicant"). Without a type, the first type that has the status names it.
 */
export function statusText(status, audience = 'citizen', caseType = undefined) {
  const labels = (caseType && STATUS_LABELS[caseType]?.[status]) || Object.values(STATUS_LABELS).find((statuses) => statuses[status])?.[status];
  return pick(labels?.[audience] ?? { fr: status, ar: status, en: status });
}

export const SLA_STATES = {
  on_track: { fr: 'Dans les délais', ar: 'داخل الأجل', en: 'On track' },
  warning: { fr: 'Échéance proche', ar: 'الأجل يقترب', en: 'Deadline approaching' },
  breached: { fr: 'Délai dépassé', ar: 'تم تجاوز الأجل', en: 'Deadline missed' },
  paused: { fr: 'Délai suspendu', ar: 'الأجل متوقف', en: 'Clock paused' },
  stopped: { fr: 'Délai arrêté', ar: 'الأجل منتهٍ', en: 'Clock stopped' },
};

export function slaText(state) {
  return pick(SLA_STATES[state] ?? { fr: state, ar: state, en: state });
}

const EVENT_WORDS = {
  submitted: { fr: 'Demande déposée', ar: 'تم إيداع الطلب', en: 'Request submitted' },
  due_recomputed: { fr: 'Date limite recalculée', ar: 'أعيد احتساب آخر أجل', en: 'Due date recomputed' },
  sla_warning: { fr: '{percent} % du délai écoulé', ar: 'انقضى {percent}% من الأجل', en: '{percent}% of the time limit used' },
  sla_breached: { fr: 'Délai légal dépassé', ar: 'تم تجاوز الأجل القانوني', en: 'Legal time limit exceeded' },
  escalated: { fr: 'Dossier signalé à la hiérarchie (niveau {level})', ar: 'رُفع الملف إلى الرؤساء (المستوى {level})', en: 'Case escalated (level {level})' },
  deadline_extended: { fr: 'Délai prolongé', ar: 'تم تمديد الأجل', en: 'Time limit extended' },
  implicit_acceptance: {
    fr: 'Silence de l’administration : demande réputée acceptée',
    ar: 'سكوت الإدارة: يعتبر الطلب مقبولا',
    en: 'No answer in time: request deemed accepted',
  },
  implicit_refusal: {
    fr: 'Silence de l’administration : demande réputée refusée',
    ar: 'سكوت الإدارة: يعتبر الطلب مرفوضا',
    en: 'No answer in time: request deemed refused',
  },
  byCitizen: { fr: 'par le demandeur', ar: 'من طرف صاحب الطلب', en: 'by the applicant' },
  byAdministration: { fr: 'par l’administration', ar: 'من طرف الإدارة', en: 'by the administration' },
  message: { fr: 'Message', ar: 'الرسالة', en: 'Message' },
  reason: { fr: 'Motif', ar: 'السبب', en: 'Reason' },
  colon: { fr: ' : ', ar: ': ', en: ': ' },
};

function word(key, vars = {}) {
  return pick(EVENT_WORDS[key]).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/**
 * One timeline entry in the chosen language: a title and the free text that came with it
 * (the handler's request, the citizen's answer, the reason of an extension or recomputation).
 * `staffNames` shows staff usernames to staff; citizens read "the administration".
 */
export function describeEvent(event, { staffNames = false, caseType = undefined } = {}) {
  const payload = event.payload ?? {};
  let title;
  switch (event.type) {
    case 'transition':
      // A step that keeps the status (a rating, a transfer, urgency confirmed) is named by its action.
      title =
        payload.action && payload.from === payload.to && caseType
          ? actionOf(caseType, payload.action).label
          : statusText(event.status, staffNames ? 'staff' : 'citizen', caseType);
      break;
    case 'sla_warning':
      title = word('sla_warning', { percent: Math.round(Number(payload.fraction ?? 0) * 100) });
      break;
    case 'escalated':
      title = word('escalated', { level: payload.level ?? '' });
      break;
    case 'implicit_decision':
      title = word(payload.effect === 'implicit_refusal' ? 'implicit_refusal' : 'implicit_acceptance');
      break;
    default:
      title = EVENT_WORDS[event.type] ? word(event.type) : event.type;
  }
  let by = '';
  if (event.actor === 'citizen' && event.type !== 'submitted') by = word('byCitizen');
  else if (event.actor.startsWith('staff:')) by = staffNames ? event.actor.slice('staff:'.length) : word('byAdministration');
  // The citizen's channels name no agent: their events say only "staff".
  else if (event.actor === 'staff') by = word('byAdministration');

  const details = [];
  // The step's own fields (a legal ground, a rating, an extension's reason), named as its definition names them.
  const action = payload.action ?? (event.type === 'deadline_extended' ? 'extend_deadline' : null);
  const fields = action && caseType ? actionOf(caseType, action).fields : [];
  if (typeof payload.message === 'string') details.push(word('message') + word('colon') + payload.message);
  if (typeof payload.reason === 'string' && !fields.some((f) => f.name === 'reason')) details.push(word('reason') + word('colon') + payload.reason);
  else if (payload.reason && typeof payload.reason === 'object') details.push(pick(payload.reason));
  for (const field of fields) {
    if (payload[field.name] === undefined) continue;
    const value = field.choices.find((c) => c.value === payload[field.name])?.label ?? String(payload[field.name]);
    details.push(field.label + word('colon') + value);
  }
  return { title, by, details };
}
