import type { Behaviour, LinkedResult, SimulationView, StepOption } from './case-simulation.js';

/*
 * What people do with each case type, and how fast: the choices a generated case makes at each
 * status, with their shares and delays. Staff delays are in working days scaled by the clock's
 * budget and by the case's speed (a handler's load, the season), so a share of slow cases misses
 * its deadline as real ones do; citizens answer in calendar days. The definitions' rules decide
 * whether a step is allowed: a refused choice (an extension after the deadline) is dropped and
 * another is drawn.
 */

const TEXTS = {
  requestInfo: ['Merci de joindre une copie lisible de votre CIN.', 'Merci de préciser la période concernée.', 'Le justificatif de domicile fourni est illisible.'],
  provideInfo: ['Document déposé au guichet.', 'Voici la précision demandée.', 'Copie jointe à nouveau.'],
  reject: ['Le dossier ne remplit pas les conditions requises.', 'Pièce justificative manquante après relance.'],
  answer: ['Veuillez trouver ci-joint les informations demandées.', 'Votre réclamation a été traitée, le service concerné a corrigé la situation.', 'Réponse transmise par écrit.'],
  reason: ['Le délai de réponse ne me convient pas.', 'La réponse reçue est incomplète.', 'Je souhaite un réexamen de ma demande.'],
  summary: ['Compte rendu de la consultation remis au demandeur.'],
  decision: ['Décision motivée du chef de l’institution.'],
} as const;

function text(view: SimulationView, kind: keyof typeof TEXTS): string {
  return view.rng.pick(TEXTS[kind]);
}

/** A staff step about `fraction` of the budget after the status began, for a case of typical speed. */
function staffAfter(view: SimulationView, fraction: number, sigma = 0.5): number {
  const days = Math.max(0.05, view.rng.logNormal(fraction * view.budgetDays, sigma) * view.speed);
  return view.time.afterWorkingDays(view.since, days, view.rng);
}

/** A staff step `days` working days (median) after the status began, whatever the budget. */
function staffAfterDays(view: SimulationView, days: number, sigma = 0.6): number {
  return view.time.afterWorkingDays(view.since, Math.max(0.02, view.rng.logNormal(days, sigma) * view.speed), view.rng);
}

function citizenAfter(view: SimulationView, days: number, sigma = 0.8): number {
  return view.time.afterDays(view.since, view.rng.logNormal(days, sigma), view.rng);
}

const once = (view: SimulationView, action: string, weight: number) => (view.taken.includes(action) ? 0 : weight);

export const documentRequestBehaviour: Behaviour = {
  options(view) {
    switch (view.status) {
      case 'submitted':
        return [
          { action: 'claim', weight: 96, by: 'handler', at: staffAfter(view, 0.08) },
          { action: 'reject', weight: 3, by: 'handler', at: staffAfter(view, 0.1), payload: { reason: text(view, 'reject') } },
          { action: 'withdraw', weight: 1, by: 'citizen', at: citizenAfter(view, 1) },
        ];
      case 'in_review':
        return [
          { action: 'approve', weight: 82, by: 'handler', at: staffAfter(view, 0.15) },
          { action: 'request_info', weight: view.taken.includes('request_info') ? 2 : 11, by: 'handler', at: staffAfter(view, 0.1), payload: { message: text(view, 'requestInfo') } },
          { action: 'reject', weight: 5, by: 'handler', at: staffAfter(view, 0.15), payload: { reason: text(view, 'reject') } },
          { action: 'extend_deadline', weight: once(view, 'extend_deadline', 3), by: 'handler', at: staffAfter(view, 0.3), payload: { reason: view.rng.pick(['expertise', 'public_inquiry']) } },
          { action: 'withdraw', weight: 2, by: 'citizen', at: citizenAfter(view, 2) },
        ];
      case 'awaiting_citizen':
        return [
          { action: 'provide_info', weight: 86, by: 'citizen', at: citizenAfter(view, 3), payload: { message: text(view, 'provideInfo') } },
          { action: 'withdraw', weight: 10, by: 'citizen', at: citizenAfter(view, 15, 0.5) },
          { action: 'stay', weight: 4, by: 'citizen', at: Infinity },
        ];
      case 'in_production':
        return [{ action: 'mark_ready', weight: 1, by: 'handler', at: staffAfter(view, 0.2) }];
      case 'ready':
        return [{ action: 'deliver', weight: 1, by: 'handler', at: staffAfterDays(view, 1.5, 0.8) }];
      case 'delivered':
        return [{ action: 'close', weight: 1, by: 'handler', at: staffAfterDays(view, 0.3) }];
      default:
        return [];
    }
  },
};

/** Opens the complaint to the head of the institution; the generator simulates it. */
export type LinkedOpener = (view: SimulationView, action: string, at: number, seq: number, payload: Record<string, unknown>) => { result: LinkedResult; facts?: Record<string, unknown> } | null;

export function informationRequestBehaviour(openLinked: LinkedOpener): Behaviour {
  return {
    openLinked,
    options(view) {
      switch (view.status) {
        case 'submitted':
          return [
            { action: 'claim', weight: 98, by: 'handler', at: staffAfter(view, 0.08) },
            { action: 'withdraw', weight: 2, by: 'citizen', at: citizenAfter(view, 2) },
          ];
        case 'in_progress': {
          const urgentOpen = view.details.urgent === true && !view.taken.includes('confirm_urgent') && !view.taken.includes('decline_urgent');
          if (urgentOpen) {
            return [
              { action: 'confirm_urgent', weight: 60, by: 'handler', at: staffAfterDays(view, 0.2) },
              { action: 'decline_urgent', weight: 40, by: 'handler', at: staffAfterDays(view, 0.3), payload: { reason: 'La vie, la sécurité ou la liberté d’une personne ne dépend pas de cette information.' } },
            ];
          }
          const again = view.taken.includes('complaint_overturned');
          return [
            { action: 'answer', weight: again ? 90 : 58, by: 'handler', at: staffAfter(view, again ? 0.3 : 0.4), payload: { message: text(view, 'answer') } },
            { action: 'answer_partially', weight: 10, by: 'handler', at: staffAfter(view, 0.45), payload: { message: text(view, 'answer') } },
            { action: 'refuse', weight: again ? 0 : 12, by: 'handler', at: staffAfter(view, 0.35), payload: { ground: view.rng.pick(['exception_art7', 'not_held', 'already_published', 'repeated', 'unclear']), reason: text(view, 'reject') } },
            { action: 'request_info', weight: once(view, 'request_info', 7), by: 'handler', at: staffAfter(view, 0.15), payload: { message: text(view, 'requestInfo') } },
            { action: 'extend_deadline', weight: once(view, 'extend_deadline', 9), by: 'handler', at: staffAfter(view, 0.6, 0.3), payload: { reason: view.rng.pick(['large_volume', 'third_parties', 'cannot_meet_in_time']) } },
            { action: 'withdraw', weight: 2, by: 'citizen', at: citizenAfter(view, 5) },
          ];
        }
        case 'awaiting_citizen':
          return [
            { action: 'provide_info', weight: 85, by: 'citizen', at: citizenAfter(view, 4), payload: { message: text(view, 'provideInfo') } },
            { action: 'withdraw', weight: 12, by: 'citizen', at: citizenAfter(view, 12, 0.5) },
            { action: 'stay', weight: 3, by: 'citizen', at: Infinity },
          ];
        case 'partially_answered':
        case 'refused':
        case 'deemed_refused':
          return [
            { action: 'complain', weight: view.status === 'deemed_refused' ? 35 : 22, by: 'citizen', at: citizenAfter(view, 6, 0.6), payload: { reason: text(view, 'reason') } },
            { action: 'accept', weight: 70, by: 'citizen', at: Infinity },
          ];
        default:
          return [];
      }
    },
  };
}

export const informationComplaintBehaviour: Behaviour = {
  options(view) {
    if (view.status !== 'submitted') return [];
    return [
      { action: 'uphold', weight: 50, by: 'supervisor', at: staffAfter(view, 0.5), payload: { reason: text(view, 'decision') } },
      { action: 'overturn', weight: 30, by: 'supervisor', at: staffAfter(view, 0.5), payload: { reason: text(view, 'decision') } },
      { action: 'let_lapse', weight: 20, by: 'supervisor', at: Infinity },
    ];
  },
};

export const complaintBehaviour: Behaviour = {
  options(view) {
    const reclamation = view.details.kind === 'reclamation';
    switch (view.status) {
      case 'submitted':
        return [
          { action: 'acknowledge', weight: 97, by: 'handler', at: staffAfterDays(view, 3, 0.7) },
          { action: 'withdraw', weight: 3, by: 'citizen', at: citizenAfter(view, 3) },
        ];
      case 'acknowledged':
      case 'reopened':
        if (view.assigneeId === null) return [{ action: 'claim', weight: 1, by: 'handler', at: staffAfterDays(view, 0.5) }];
        return [
          { action: reclamation ? 'answer' : 'close', weight: 97, by: 'handler', at: staffAfterDays(view, view.status === 'reopened' ? 8 : reclamation ? 16 : 4, 0.55), payload: { message: text(view, 'answer') } },
          { action: 'withdraw', weight: view.status === 'reopened' ? 0 : 3, by: 'citizen', at: citizenAfter(view, 10) },
        ];
      case 'answered':
        return [
          { action: 'rate', weight: once(view, 'rate', 50), by: 'citizen', at: citizenAfter(view, 2), payload: { rating: 1 + view.rng.below(5) } },
          { action: 'reopen', weight: once(view, 'reopen', 7), by: 'citizen', at: citizenAfter(view, 6, 0.6), payload: { reason: text(view, 'reason') } },
          { action: 'accept', weight: 45, by: 'citizen', at: Infinity },
        ];
      default:
        return [];
    }
  },
};

export const appointmentBehaviour: Behaviour = {
  options(view) {
    const startsAt = Date.parse(String(view.facts.startsAt));
    // a citizen who cancels does so between the booking and the notice period (24 h by default)
    const cancelAt = view.since + view.rng.next() * Math.max(0, startsAt - 86_400_000 - view.since);
    switch (view.status) {
      case 'requested':
        return [
          { action: 'confirm', weight: 90, by: 'handler', at: staffAfterDays(view, 0.6, 0.9) },
          { action: 'cancel', weight: 6, by: 'citizen', at: cancelAt, payload: { reason: 'Empêchement.' } },
          { action: 'forget', weight: 4, by: 'handler', at: Infinity },
        ];
      case 'confirmed':
        return [
          { action: 'check_in', weight: 80, by: 'handler', at: startsAt - view.rng.below(20) * 60_000 },
          { action: 'cancel', weight: 7, by: 'citizen', at: cancelAt, payload: { reason: 'Empêchement.' } },
          { action: 'miss', weight: 13, by: 'citizen', at: Infinity },
        ];
      case 'checked_in':
        return [{ action: 'complete', weight: 1, by: 'handler', at: startsAt + (15 + view.rng.below(30)) * 60_000 }];
      default:
        return [];
    }
  },
};

export function legalConsultationBehaviour(openLinked: LinkedOpener, advisorId: () => string): Behaviour {
  return {
    openLinked,
    options(view): StepOption[] {
      switch (view.status) {
        case 'submitted':
          return [
            { action: 'triage', weight: 97, by: 'supervisor', at: staffAfter(view, 0.08), payload: { advisorId: advisorId() } },
            { action: 'withdraw', weight: 3, by: 'citizen', at: citizenAfter(view, 2) },
          ];
        case 'assigned':
          return [
            { action: 'answer', weight: 75, by: 'advisor', at: staffAfter(view, 0.4), payload: { message: text(view, 'answer') } },
            { action: 'propose_meeting', weight: 20, by: 'advisor', at: staffAfter(view, 0.15), payload: { slotId: view.rng.uuid(), modality: view.rng.chance(0.6) ? 'in_person' : 'video' } },
            { action: 'withdraw', weight: 3, by: 'citizen', at: citizenAfter(view, 6) },
          ];
        case 'meeting_held':
          return [{ action: 'write_summary', weight: 1, by: 'advisor', at: staffAfterDays(view, 1), payload: { message: text(view, 'summary') } }];
        case 'meeting_missed':
          return [
            { action: 'request_meeting', weight: 40, by: 'citizen', at: citizenAfter(view, 2) },
            { action: 'answer', weight: 40, by: 'advisor', at: staffAfterDays(view, 2), payload: { message: text(view, 'answer') } },
            { action: 'withdraw', weight: 20, by: 'citizen', at: citizenAfter(view, 4) },
          ];
        default:
          return [];
      }
    },
  };
}
