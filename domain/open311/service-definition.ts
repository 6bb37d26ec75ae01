import type { LocalizedName } from '../calendar/types.js';
import { caseDefinition } from '../cases/machines.js';
import type { NoticeLanguage } from '../notices/contact.js';
import { pick, type Open311Language } from './georeport.js';

/**
 * What a complaint needs beyond the spec's own fields, as GeoReport v2 `attribute[code]` values:
 * the applicant's national ID (every request on the platform names its applicant), the subject
 * and kind the complaint's definition asks for, and the language of the messages the citizen gets.
 */
export interface Open311AttributeSpec {
  code: 'national_id' | 'subject' | 'kind' | 'language';
  required: boolean;
  description: LocalizedName;
  /** the enumerated values, each with its label */
  values?: Readonly<Record<string, LocalizedName>>;
}

const LANGUAGE_NAMES: Record<NoticeLanguage, LocalizedName> = {
  fr: { fr: 'Français', ar: 'الفرنسية', en: 'French' },
  ar: { fr: 'Arabe', ar: 'العربية', en: 'Arabic' },
  en: { fr: 'Anglais', ar: 'الإنجليزية', en: 'English' },
};

/** The attributes of a case type submitted through Open311; none for a type no one submits (an information complaint is opened by its request). */
export function open311Attributes(caseType: string): Open311AttributeSpec[] {
  const definition = caseDefinition(caseType);
  if (caseType !== 'complaint' || !definition || definition.linkedOnly) return [];
  const fields = definition.detailFields ?? {};
  return [
    {
      code: 'national_id',
      required: true,
      description: {
        fr: 'Numéro de la carte nationale d’identité électronique (CNIE) de la personne qui se plaint',
        ar: 'رقم البطاقة الوطنية للتعريف الإلكترونية للمشتكي',
        en: 'National electronic identity card (CNIE) number of the person complaining',
      },
    },
    { code: 'subject', required: true, description: fields.subject?.label ?? { fr: 'Objet', ar: 'الموضوع', en: 'Subject' } },
    {
      code: 'kind',
      required: false,
      description: {
        fr: `${fields.kind?.label.fr ?? 'Nature'} (réclamation si absent)`,
        ar: `${fields.kind?.label.ar ?? 'النوع'} (شكاية إن لم يحدد)`,
        en: `${fields.kind?.label.en ?? 'Kind'} (complaint when left out)`,
      },
      ...(fields.kind?.choices ? { values: fields.kind.choices } : {}),
    },
    {
      code: 'language',
      required: false,
      description: { fr: 'Langue des messages envoyés au citoyen (français si absent)', ar: 'لغة الرسائل الموجهة إلى المواطن (الفرنسية إن لم تحدد)', en: 'Language of the messages sent to the citizen (French when left out)' },
      values: LANGUAGE_NAMES,
    },
  ];
}

/** GeoReport v2 service definition of one service. */
export function open311ServiceDefinition(serviceCode: string, caseType: string, language: Open311Language) {
  return {
    service_code: serviceCode,
    attributes: open311Attributes(caseType).map((attribute, index) => ({
      variable: true,
      code: attribute.code,
      datatype: attribute.values ? ('singlevaluelist' as const) : ('string' as const),
      required: attribute.required,
      datatype_description: null,
      order: index + 1,
      description: pick(attribute.description, language),
      ...(attribute.values ? { values: Object.entries(attribute.values).map(([key, name]) => ({ key, name: pick(name, language) })) } : {}),
    })),
  };
}
