export const CASE_TYPES = [
  'document_request',
  'appointment',
  'legal_consultation',
  'information_request',
  'complaint',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/**
 * The case types that run on the platform today, and their named clocks (each clock's policy comes
 * from the service in the catalogue). The others are known names awaiting their definition.
 */
export const CASE_TYPE_CLOCKS: Partial<Record<CaseType, readonly string[]>> = {
  document_request: ['decision'],
};

/** The Temporal task queue every case workflow and its activities run on. */
export const CASE_TASK_QUEUE = 'khidma-cases';
