/**
 * Morocco's 12 regions (territorial division of 2015, decree 2-15-40) and their 75 provinces and
 * prefectures, with the regions' official numbers as codes. Open data names a region by its code
 * and a province by its own code; imports also take the French or Arabic name.
 */
export interface Territory {
  code: string;
  fr: string;
  ar: string;
  en: string;
}

export interface Region extends Territory {
  provinces: Territory[];
}

const t = (code: string, fr: string, ar: string, en: string = fr): Territory => ({ code, fr, ar, en });

export const REGIONS: readonly Region[] = [
  {
    ...t('01', 'Tanger-Tétouan-Al Hoceïma', 'طنجة تطوان الحسيمة', 'Tangier-Tetouan-Al Hoceima'),
    provinces: [
      t('TANGER-ASSILAH', 'Tanger-Assilah', 'طنجة أصيلة', 'Tangier-Assilah'),
      t('MDIQ-FNIDEQ', 'M’diq-Fnideq', 'المضيق الفنيدق', 'Mdiq-Fnideq'),
      t('TETOUAN', 'Tétouan', 'تطوان', 'Tetouan'),
      t('FAHS-ANJRA', 'Fahs-Anjra', 'الفحص أنجرة'),
      t('LARACHE', 'Larache', 'العرائش'),
      t('AL-HOCEIMA', 'Al Hoceïma', 'الحسيمة', 'Al Hoceima'),
      t('CHEFCHAOUEN', 'Chefchaouen', 'شفشاون'),
      t('OUEZZANE', 'Ouezzane', 'وزان'),
    ],
  },
  {
    ...t('02', 'L’Oriental', 'الشرق', 'Oriental'),
    provinces: [
      t('OUJDA-ANGAD', 'Oujda-Angad', 'وجدة أنكاد'),
      t('NADOR', 'Nador', 'الناظور'),
      t('DRIOUCH', 'Driouch', 'الدريوش'),
      t('JERADA', 'Jerada', 'جرادة'),
      t('BERKANE', 'Berkane', 'بركان'),
      t('TAOURIRT', 'Taourirt', 'تاوريرت'),
      t('GUERCIF', 'Guercif', 'جرسيف'),
      t('FIGUIG', 'Figuig', 'فجيج'),
    ],
  },
  {
    ...t('03', 'Fès-Meknès', 'فاس مكناس', 'Fez-Meknes'),
    provinces: [
      t('FES', 'Fès', 'فاس', 'Fez'),
      t('MEKNES', 'Meknès', 'مكناس', 'Meknes'),
      t('EL-HAJEB', 'El Hajeb', 'الحاجب'),
      t('IFRANE', 'Ifrane', 'إفران'),
      t('MOULAY-YACOUB', 'Moulay Yacoub', 'مولاي يعقوب'),
      t('SEFROU', 'Sefrou', 'صفرو'),
      t('BOULEMANE', 'Boulemane', 'بولمان'),
      t('TAOUNATE', 'Taounate', 'تاونات'),
      t('TAZA', 'Taza', 'تازة'),
    ],
  },
  {
    ...t('04', 'Rabat-Salé-Kénitra', 'الرباط سلا القنيطرة', 'Rabat-Sale-Kenitra'),
    provinces: [
      t('RABAT', 'Rabat', 'الرباط'),
      t('SALE', 'Salé', 'سلا', 'Sale'),
      t('SKHIRATE-TEMARA', 'Skhirate-Témara', 'الصخيرات تمارة', 'Skhirate-Temara'),
      t('KENITRA', 'Kénitra', 'القنيطرة', 'Kenitra'),
      t('KHEMISSET', 'Khémisset', 'الخميسات', 'Khemisset'),
      t('SIDI-KACEM', 'Sidi Kacem', 'سيدي قاسم'),
      t('SIDI-SLIMANE', 'Sidi Slimane', 'سيدي سليمان'),
    ],
  },
  {
    ...t('05', 'Béni Mellal-Khénifra', 'بني ملال خنيفرة', 'Beni Mellal-Khenifra'),
    provinces: [
      t('BENI-MELLAL', 'Béni Mellal', 'بني ملال', 'Beni Mellal'),
      t('AZILAL', 'Azilal', 'أزيلال'),
      t('FQUIH-BEN-SALAH', 'Fquih Ben Salah', 'الفقيه بن صالح'),
      t('KHENIFRA', 'Khénifra', 'خنيفرة', 'Khenifra'),
      t('KHOURIBGA', 'Khouribga', 'خريبكة'),
    ],
  },
  {
    ...t('06', 'Casablanca-Settat', 'الدار البيضاء سطات'),
    provinces: [
      t('CASABLANCA', 'Casablanca', 'الدار البيضاء'),
      t('MOHAMMEDIA', 'Mohammédia', 'المحمدية', 'Mohammedia'),
      t('EL-JADIDA', 'El Jadida', 'الجديدة'),
      t('NOUACEUR', 'Nouaceur', 'النواصر'),
      t('MEDIOUNA', 'Médiouna', 'مديونة', 'Mediouna'),
      t('BENSLIMANE', 'Benslimane', 'بنسليمان'),
      t('BERRECHID', 'Berrechid', 'برشيد'),
      t('SETTAT', 'Settat', 'سطات'),
      t('SIDI-BENNOUR', 'Sidi Bennour', 'سيدي بنور'),
    ],
  },
  {
    ...t('07', 'Marrakech-Safi', 'مراكش آسفي'),
    provinces: [
      t('MARRAKECH', 'Marrakech', 'مراكش'),
      t('CHICHAOUA', 'Chichaoua', 'شيشاوة'),
      t('AL-HAOUZ', 'Al Haouz', 'الحوز'),
      t('EL-KELAA-DES-SRAGHNA', 'El Kelâa des Sraghna', 'قلعة السراغنة', 'El Kelaa des Sraghna'),
      t('ESSAOUIRA', 'Essaouira', 'الصويرة'),
      t('REHAMNA', 'Rehamna', 'الرحامنة'),
      t('SAFI', 'Safi', 'آسفي'),
      t('YOUSSOUFIA', 'Youssoufia', 'اليوسفية'),
    ],
  },
  {
    ...t('08', 'Drâa-Tafilalet', 'درعة تافيلالت', 'Draa-Tafilalet'),
    provinces: [
      t('ERRACHIDIA', 'Errachidia', 'الرشيدية'),
      t('OUARZAZATE', 'Ouarzazate', 'ورزازات'),
      t('MIDELT', 'Midelt', 'ميدلت'),
      t('TINGHIR', 'Tinghir', 'تنغير'),
      t('ZAGORA', 'Zagora', 'زاكورة'),
    ],
  },
  {
    ...t('09', 'Souss-Massa', 'سوس ماسة'),
    provinces: [
      t('AGADIR-IDA-OUTANANE', 'Agadir Ida-Outanane', 'أكادير إداوتنان'),
      t('INEZGANE-AIT-MELLOUL', 'Inezgane-Aït Melloul', 'إنزكان أيت ملول', 'Inezgane-Ait Melloul'),
      t('CHTOUKA-AIT-BAHA', 'Chtouka-Aït Baha', 'اشتوكة أيت باها', 'Chtouka-Ait Baha'),
      t('TAROUDANT', 'Taroudant', 'تارودانت'),
      t('TIZNIT', 'Tiznit', 'تيزنيت'),
      t('TATA', 'Tata', 'طاطا'),
    ],
  },
  {
    ...t('10', 'Guelmim-Oued Noun', 'كلميم واد نون'),
    provinces: [
      t('GUELMIM', 'Guelmim', 'كلميم'),
      t('ASSA-ZAG', 'Assa-Zag', 'آسا الزاك'),
      t('TAN-TAN', 'Tan-Tan', 'طانطان'),
      t('SIDI-IFNI', 'Sidi Ifni', 'سيدي إفني'),
    ],
  },
  {
    ...t('11', 'Laâyoune-Sakia El Hamra', 'العيون الساقية الحمراء', 'Laayoune-Sakia El Hamra'),
    provinces: [
      t('LAAYOUNE', 'Laâyoune', 'العيون', 'Laayoune'),
      t('BOUJDOUR', 'Boujdour', 'بوجدور'),
      t('TARFAYA', 'Tarfaya', 'طرفاية'),
      t('ES-SEMARA', 'Es-Semara', 'السمارة'),
    ],
  },
  {
    ...t('12', 'Dakhla-Oued Ed-Dahab', 'الداخلة وادي الذهب'),
    provinces: [t('OUED-ED-DAHAB', 'Oued Ed-Dahab', 'وادي الذهب'), t('AOUSSERD', 'Aousserd', 'أوسرد')],
  },
];

export const REGION_CODES: readonly string[] = REGIONS.map((r) => r.code);

export function regionOf(code: string): Region | undefined {
  return REGIONS.find((r) => r.code === code);
}
