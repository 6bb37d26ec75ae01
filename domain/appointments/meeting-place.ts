/** Where a meeting is, as the citizen reads it: its room's link, or the office and its address. */
export function placeOf(facts: Readonly<Record<string, unknown>>): string {
  if (typeof facts.meetingUrl === 'string') return facts.meetingUrl;
  return [facts.officeName, facts.address].filter((p) => typeof p === 'string' && p !== '').join(', ');
}
