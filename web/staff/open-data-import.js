/* global fetch */
import { byId, el, showAlert } from '../assets/dom.js';
import { onLanguageChange, translator } from '../assets/i18n.js';

/**
 * The administrator's import of open data (grants, tenders) from a CSV or JSON file: a dry run
 * first, which reports what would change and every refused row with its reasons (translated here
 * by their stable code), then the import itself. The section draws its own words, so the staff
 * page's catalogue of messages stays as it is.
 */
const MESSAGES = {
  fr: {
    heading: 'Import de données ouvertes',
    intro: 'Un fichier CSV (séparateur ; ou ,, ligne d’en-tête) ou JSON (tableau d’objets), en UTF-8, de 10 Mo au plus. Vérifiez d’abord : rien n’est enregistré avant « Importer ».',
    dataset: 'Jeu de données',
    dataset_grants: 'Subventions et aides',
    dataset_tenders: 'Appels d’offres',
    file: 'Fichier',
    check: 'Vérifier (sans rien enregistrer)',
    apply: 'Importer',
    chooseFile: 'Choisissez un fichier CSV ou JSON.',
    checked: 'Vérification : {rows} lignes — {created} à créer, {updated} à modifier, {unchanged} inchangées, {rejected} refusées.',
    applied: 'Import fait : {rows} lignes — {created} créées, {updated} modifiées, {unchanged} inchangées, {rejected} refusées.',
    rejectedHeading: 'Lignes refusées',
    changesHeading: 'Changements',
    colRow: 'Ligne',
    colField: 'Champ',
    colReason: 'Motif',
    colKey: 'Clé',
    colAction: 'Action',
    action_create: 'création',
    action_update: 'modification : {fields}',
    truncated: 'Seules les premières lignes sont listées.',
    failed: 'Import refusé : {message}',
    unreachable: 'Le serveur ne répond pas ; réessayez.',
    reason_required: 'valeur manquante',
    reason_unknown_field: 'colonne inconnue',
    reason_column_count: 'nombre de cellules différent de l’en-tête',
    reason_not_an_object: 'l’élément n’est pas un objet',
    reason_wrong_type: 'type de valeur incorrect',
    reason_control_characters: 'caractères de contrôle ou invisibles interdits',
    reason_not_utf8: 'octets qui ne sont pas de l’UTF-8',
    reason_too_long: 'texte trop long',
    reason_not_a_number: 'nombre illisible',
    reason_not_an_integer: 'nombre entier attendu',
    reason_too_many_decimals: 'plus de deux décimales',
    reason_out_of_range: 'valeur hors limites',
    reason_not_a_date: 'date invalide (AAAA-MM-JJ ou JJ/MM/AAAA)',
    reason_unknown_value: 'valeur non reconnue',
    reason_inconsistent: 'incohérent avec un autre champ',
    reason_duplicate_key: 'même clé qu’une ligne précédente du fichier',
  },
  ar: {
    heading: 'استيراد البيانات المفتوحة',
    intro: 'ملف CSV (الفاصل ; أو , مع سطر العناوين) أو JSON (مصفوفة كائنات)، بترميز UTF-8، لا يتجاوز 10 ميغابايت. تحقّق أولا: لا يُسجَّل شيء قبل «استيراد».',
    dataset: 'مجموعة البيانات',
    dataset_grants: 'المنح والإعانات',
    dataset_tenders: 'طلبات العروض',
    file: 'الملف',
    check: 'تحقّق (دون تسجيل)',
    apply: 'استيراد',
    chooseFile: 'اختر ملف CSV أو JSON.',
    checked: 'التحقق: {rows} سطرا — {created} للإنشاء، {updated} للتعديل، {unchanged} دون تغيير، {rejected} مرفوضة.',
    applied: 'تم الاستيراد: {rows} سطرا — {created} أُنشئت، {updated} عُدّلت، {unchanged} دون تغيير، {rejected} مرفوضة.',
    rejectedHeading: 'الأسطر المرفوضة',
    changesHeading: 'التغييرات',
    colRow: 'السطر',
    colField: 'الحقل',
    colReason: 'السبب',
    colKey: 'المفتاح',
    colAction: 'الإجراء',
    action_create: 'إنشاء',
    action_update: 'تعديل: {fields}',
    truncated: 'لا تُعرض إلا الأسطر الأولى.',
    failed: 'رُفض الاستيراد: {message}',
    unreachable: 'الخادم لا يستجيب؛ أعد المحاولة.',
    reason_required: 'قيمة ناقصة',
    reason_unknown_field: 'عمود غير معروف',
    reason_column_count: 'عدد الخانات يخالف سطر العناوين',
    reason_not_an_object: 'العنصر ليس كائنا',
    reason_wrong_type: 'نوع القيمة غير صحيح',
    reason_control_characters: 'محارف تحكّم أو محارف غير مرئية ممنوعة',
    reason_not_utf8: 'بايتات ليست بترميز UTF-8',
    reason_too_long: 'نص طويل جدا',
    reason_not_a_number: 'عدد غير مقروء',
    reason_not_an_integer: 'يُنتظر عدد صحيح',
    reason_too_many_decimals: 'أكثر من رقمين عشريين',
    reason_out_of_range: 'قيمة خارج الحدود',
    reason_not_a_date: 'تاريخ غير صالح (AAAA-MM-JJ أو JJ/MM/AAAA)',
    reason_unknown_value: 'قيمة غير معروفة',
    reason_inconsistent: 'لا يتّسق مع حقل آخر',
    reason_duplicate_key: 'نفس مفتاح سطر سابق في الملف',
  },
  en: {
    heading: 'Open data import',
    intro: 'A CSV file (; or , separated, with a header row) or a JSON file (an array of objects), UTF-8, 10 MB at most. Check first: nothing is stored before “Import”.',
    dataset: 'Dataset',
    dataset_grants: 'Grants and subsidies',
    dataset_tenders: 'Calls for tenders',
    file: 'File',
    check: 'Check (store nothing)',
    apply: 'Import',
    chooseFile: 'Choose a CSV or JSON file.',
    checked: 'Check: {rows} rows — {created} to create, {updated} to update, {unchanged} unchanged, {rejected} refused.',
    applied: 'Imported: {rows} rows — {created} created, {updated} updated, {unchanged} unchanged, {rejected} refused.',
    rejectedHeading: 'Refused rows',
    changesHeading: 'Changes',
    colRow: 'Row',
    colField: 'Field',
    colReason: 'Reason',
    colKey: 'Key',
    colAction: 'Action',
    action_create: 'create',
    action_update: 'update: {fields}',
    truncated: 'Only the first rows are listed.',
    failed: 'Import refused: {message}',
    unreachable: 'The server does not answer; try again.',
    reason_required: 'missing value',
    reason_unknown_field: 'unknown column',
    reason_column_count: 'not as many cells as the header',
    reason_not_an_object: 'the element is not an object',
    reason_wrong_type: 'wrong type of value',
    reason_control_characters: 'control or invisible characters are not allowed',
    reason_not_utf8: 'bytes that are not UTF-8',
    reason_too_long: 'text too long',
    reason_not_a_number: 'unreadable number',
    reason_not_an_integer: 'a whole number is expected',
    reason_too_many_decimals: 'more than two decimals',
    reason_out_of_range: 'value out of range',
    reason_not_a_date: 'invalid date (YYYY-MM-DD or DD/MM/YYYY)',
    reason_unknown_value: 'value not recognised',
    reason_inconsistent: 'contradicts another field',
    reason_duplicate_key: 'same key as an earlier row of the file',
  },
};

const DATASETS = ['grants', 'tenders'];

export function mountOpenDataImport({ session }) {
  const t = translator(MESSAGES);
  const section = byId('import-section');
  let report = null;
  /** the file last checked: "Import" sends that file, and only once it has been checked */
  let checkedFile = null;

  const datasetSelect = el('select', { attrs: { id: 'import-dataset' } });
  const fileInput = el('input', { attrs: { id: 'import-file', type: 'file', accept: '.csv,.json,text/csv,application/json' } });
  const checkButton = el('button', { className: 'button', attrs: { id: 'import-check', type: 'button' } });
  const applyButton = el('button', { className: 'button primary', attrs: { id: 'import-apply', type: 'button', disabled: '' } });
  const alert = el('p', { className: 'alert', attrs: { id: 'import-alert', role: 'alert' } });
  const summary = el('p', { className: 'success', attrs: { id: 'import-summary', role: 'status' } });
  const details = el('div', { attrs: { id: 'import-details' } });
  alert.hidden = true;
  summary.hidden = true;

  function table(headers, rows) {
    return el('div', { className: 'table-wrap' }, [
      el('table', {}, [el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))]), el('tbody', {}, rows)]),
    ]);
  }

  function renderReport() {
    if (!report) {
      summary.hidden = true;
      details.replaceChildren();
      return;
    }
    const rejected = report.rows - report.created - report.updated - report.unchanged;
    showAlert(summary, t(report.dryRun ? 'checked' : 'applied', { ...report, rejected }));
    const parts = [];
    if (report.rejected.length > 0) {
      parts.push(el('h3', { text: t('rejectedHeading') }));
      parts.push(
        table(
          [t('colRow'), t('colField'), t('colReason')],
          report.rejected.flatMap((r) =>
            r.reasons.map((reason) =>
              el('tr', { attrs: { 'data-row': String(r.row) } }, [
                el('td', { text: String(r.row) }),
                el('td', {}, [el('code', { text: reason.field, attrs: { dir: 'ltr' } })]),
                el('td', { text: t(`reason_${reason.code}`) }),
              ]),
            ),
          ),
        ),
      );
      if (report.rejectedTruncated) parts.push(el('p', { className: 'hint', text: t('truncated') }));
    }
    if (report.changes.length > 0) {
      parts.push(el('h3', { text: t('changesHeading') }));
      parts.push(
        table(
          [t('colRow'), t('colKey'), t('colAction')],
          report.changes.map((c) =>
            el('tr', {}, [
              el('td', { text: String(c.row) }),
              el('td', {}, [el('code', { text: c.key, attrs: { dir: 'ltr' } })]),
              el('td', { text: c.action === 'create' ? t('action_create') : t('action_update', { fields: (c.fields ?? []).join(', ') }) }),
            ]),
          ),
        ),
      );
      if (report.changesTruncated) parts.push(el('p', { className: 'hint', text: t('truncated') }));
    }
    details.replaceChildren(...parts);
  }

  function render() {
    const chosen = datasetSelect.value || 'grants';
    datasetSelect.replaceChildren(...DATASETS.map((name) => el('option', { text: t(`dataset_${name}`), attrs: { value: name } })));
    datasetSelect.value = chosen;
    checkButton.textContent = t('check');
    applyButton.textContent = t('apply');
    section.replaceChildren(
      el('h2', { text: t('heading'), attrs: { id: 'import-heading' } }),
      el('p', { className: 'hint', text: t('intro') }),
      el('div', { className: 'field' }, [el('label', { text: t('dataset'), attrs: { for: 'import-dataset' } }), datasetSelect]),
      el('div', { className: 'field' }, [el('label', { text: t('file'), attrs: { for: 'import-file' } }), fileInput]),
      el('div', { className: 'actions' }, [checkButton, applyButton]),
      alert,
      summary,
      details,
    );
    renderReport();
  }

  async function send(dryRun) {
    const file = dryRun ? fileInput.files?.[0] : checkedFile;
    if (!file) {
      showAlert(alert, t('chooseFile'));
      return;
    }
    const type = /\.json$/i.test(file.name) || file.type === 'application/json' ? 'application/json' : 'text/csv';
    checkButton.disabled = true;
    applyButton.disabled = true;
    try {
      const res = await fetch(`/api/v1/admin/imports/${datasetSelect.value}?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { 'content-type': type, accept: 'application/json', authorization: `Bearer ${session.token}` },
        body: file,
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        if (res.status === 401) session.expire(body.message ?? '');
        report = null;
        renderReport();
        showAlert(alert, t('failed', { message: body.message ?? res.statusText }));
        return;
      }
      showAlert(alert, '');
      report = body;
      checkedFile = dryRun ? file : null;
      renderReport();
    } catch {
      showAlert(alert, t('unreachable'));
    } finally {
      checkButton.disabled = false;
      applyButton.disabled = !checkedFile;
    }
  }

  checkButton.addEventListener('click', () => void send(true));
  applyButton.addEventListener('click', () => void send(false));
  // Another file or dataset must be checked before it is imported.
  for (const input of [fileInput, datasetSelect]) {
    input.addEventListener('change', () => {
      checkedFile = null;
      applyButton.disabled = true;
      report = null;
      renderReport();
    });
  }
  onLanguageChange(() => render());
  render();
}
