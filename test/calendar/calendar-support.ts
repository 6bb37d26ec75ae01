export interface HolidayView {
  date: string;
  key: string;
  names: { fr: string; ar: string; en: string };
  kind: string;
  status: string;
}

