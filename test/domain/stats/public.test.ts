import { describe, expect, it } from 'vitest';
import { noneMatch } from '../../../api/stats/http-cache.js';
import {
  booksAppointments,
  caseTypesOfService,
  countsComplaints,
  defaultPublicPeriod,
  lastFullMonth,
  monthCount,
  periodDates,
  publicMinSample,
} from '../../../domain/stats/public.js';

describe('the public statistics’ period', () => {
  it('is the twelve last finished months, across a year’s end', () => {
    expect(defaultPublicPeriod('2026-12-07')).toEqual({ from: '2025-12', to: '2026-11' });
    expect(defaultPublicPeriod('2027-01-01')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(lastFullMonth('2026-03-31')).toBe('2026-02');
    expect(monthCount('2025-12', '2026-11')).toBe(12);
  });

  it('reads as the local dates the managers’ statistics take, to the month’s last day', () => {
    expect(periodDates({ from: '2024-01', to: '2024-02' })).toEqual({ from: '2024-01-01', to: '2024-02-29' });
    expect(periodDates({ from: '2026-11', to: '2026-12' })).toEqual({ from: '2026-11-01', to: '2026-12-31' });
  });
});

describe('what a service’s public figures hold', () => {
  it('has appointments for a service that books them or opens them, complaints for one that takes them', () => {
    expect(caseTypesOfService('information_request')).toEqual(['information_request', 'information_complaint']);
    expect(countsComplaints(caseTypesOfService('information_request'))).toBe(true);
    expect(countsComplaints(caseTypesOfService('document_request'))).toBe(false);
    expect(booksAppointments(caseTypesOfService('legal_consultation'))).toBe(true);
    expect(booksAppointments(caseTypesOfService('appointment'))).toBe(true);
    expect(booksAppointments(caseTypesOfService('complaint'))).toBe(false);
  });

  it('withholds below the public threshold, or the managers’ one when it is higher', () => {
    expect(publicMinSample(10)).toBe(20);
    expect(publicMinSample(50)).toBe(50);
    expect(publicMinSample(10, 5)).toBe(10);
  });
});

describe('If-None-Match', () => {
  it('matches a listed tag, weak or strong, or *, and nothing else', () => {
    expect(noneMatch('"a", "b"', '"b"')).toBe(true);
    expect(noneMatch('W/"b"', '"b"')).toBe(true);
    expect(noneMatch('*', '"b"')).toBe(true);
    expect(noneMatch('"bb"', '"b"')).toBe(false);
    expect(noneMatch(undefined, '"b"')).toBe(false);
  });
});
