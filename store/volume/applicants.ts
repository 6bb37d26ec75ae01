import type { Random } from './random.js';

/*
 * Made-up applicants and request texts: common Moroccan first and family names, national ids and
 * phone numbers of the right shape, addresses on the reserved .test domain. No real person's data.
 */

const FIRST_NAMES = ['Amina', 'Mohamed', 'Fatima', 'Youssef', 'Khadija', 'Ahmed', 'Salma', 'Omar', 'Meryem', 'Hicham', 'Nadia', 'Rachid', 'Imane', 'Karim', 'Zineb', 'Said', 'Hajar', 'Mustapha', 'Laila', 'Anas'];
const FAMILY_NAMES = ['El Idrissi', 'Benani', 'Alaoui', 'Tazi', 'Berrada', 'El Amrani', 'Chraibi', 'Bennis', 'Lahlou', 'Ouazzani', 'Fassi', 'Kettani', 'Saidi', 'Bouazza', 'Naciri', 'Zahraoui'];
const CIN_PREFIXES = ['A', 'AB', 'BE', 'BK', 'C', 'D', 'EE', 'G', 'J', 'K', 'X'];

export function applicant(rng: Random): Record<string, string | string[]> {
  const first = rng.pick(FIRST_NAMES);
  const family = rng.pick(FAMILY_NAMES);
  const language = rng.weighted({ fr: 58, ar: 38, en: 4 });
  const withEmail = rng.chance(0.55);
  const phone = `+2126${String(rng.below(100_000_000)).padStart(8, '0')}`;
  const nationalId = `${rng.pick(CIN_PREFIXES)}${String(100_000 + rng.below(900_000))}`;
  return {
    fullName: `${first} ${family}`,
    nationalId,
    phone,
    ...(withEmail ? { email: `${first}.${family.replace(/ /g, '')}${rng.below(1000)}@example.test`.toLowerCase() } : {}),
    language,
    contactBy: withEmail ? ['email', 'sms'] : ['sms'],
  };
}

const INFORMATION_SUBJECTS = [
  'Budget alloué aux tribunaux de première instance en 2025',
  'Nombre de dossiers traités par le service en 2024',
  'Critères d’attribution des subventions aux associations',
  'Procès-verbaux du conseil communal de l’année écoulée',
  'Délais moyens de délivrance des extraits de casier judiciaire',
];

const COMPLAINT_SUBJECTS = [
  ['Attente au guichet', 'J’ai attendu plus de trois heures au guichet sans être reçu.'],
  ['Document non délivré', 'Mon document n’a toujours pas été délivré malgré le délai annoncé.'],
  ['Accueil', 'L’accueil téléphonique ne répond jamais.'],
  ['Horaires', 'Proposition d’ouvrir le guichet le samedi matin.'],
  ['Erreur de saisie', 'Mon nom est mal orthographié sur l’extrait délivré.'],
] as const;

const QUESTIONS = [
  'Quels sont mes droits à la pension de réversion après le décès de mon conjoint ?',
  'Comment faire appel d’un jugement du tribunal administratif ?',
  'Ma caisse refuse de rembourser des soins : quel recours ?',
  'Quel est le délai pour contester une décision de la commune ?',
];

export function informationDetails(rng: Random): Record<string, unknown> {
  const urgent = rng.chance(0.04);
  return { subject: rng.pick(INFORMATION_SUBJECTS), ...(urgent ? { urgent: true, urgencyReason: 'Une personne est détenue et l’information conditionne sa défense.' } : {}) };
}

export function complaintDetails(rng: Random): Record<string, unknown> {
  const [subject, description] = rng.pick(COMPLAINT_SUBJECTS);
  return { kind: rng.weighted({ reclamation: 70, observation: 15, suggestion: 15 }), subject, description };
}

export function consultationDetails(rng: Random): Record<string, unknown> {
  return { domain: rng.pick(['social_welfare', 'litigation_appeals']), question: rng.pick(QUESTIONS) };
}
