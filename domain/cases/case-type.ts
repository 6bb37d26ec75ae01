export const CASE_TYPES = [
  'document_request',
  'appointment',
  'legal_consultation',
  'information_request',
  'complaint',
  'information_complaint',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** The Temporal task queue every case workflow and its activities run on. */
export const CASE_TASK_QUEUE = 'khidma-cases';
