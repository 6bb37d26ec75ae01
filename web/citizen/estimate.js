import { formatDue } from '../assets/format.js';

/**
 * The realistic date: from the processing times of recent requests of the same service, or, until
 * there are enough of them, a sentence saying that the legal deadline is the best estimate.
 */
export function estimateText(estimate, explanation, t) {
  if (estimate?.basis === 'recent_cases' && estimate.at) {
    return t('estimateFromCases', { date: formatDue(estimate.at, explanation), n: estimate.sampleSize });
  }
  return t('estimateLegal');
}
