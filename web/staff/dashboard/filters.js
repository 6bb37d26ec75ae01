/* global history, location, URLSearchParams */
import { caseTypeLabel, caseTypeNames } from '../../assets/case-types.js';
import { byId, el } from '../../assets/dom.js';
import { pick } from '../../assets/i18n.js';

/** The statistics filters, named as the API names them; the page's address carries them so a view can be shared. */
export const FILTER_NAMES = ['from', 'to', 'groupBy', 'entity', 'serviceId', 'caseType', 'officeId'];
const DEFAULT_GROUP_BY = 'month';
/** What the live counters take: every filter but the period. */
export const LIVE_FILTER_NAMES = ['entity', 'serviceId', 'caseType', 'officeId'];

/** The filters in the page's address (only those set). */
export function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FILTER_NAMES.filter((name) => params.get(name)).map((name) => [name, params.get(name)]));
}

export function queryOf(filters, names = FILTER_NAMES) {
  const query = new URLSearchParams();
  for (const name of names) if (filters[name]) query.set(name, filters[name]);
  return query;
}

/**
 * The filter form: its selects are filled from the catalogue (services, offices, case types) and
 * narrowed to the chosen entity; a change is written into the address (a new history entry, so
 * Back returns to the previous view) and applied.
 */
export function mountFilters({ t, onApply }) {
  const form = byId('filters');
  const inputs = Object.fromEntries(FILTER_NAMES.map((name) => [name, form.elements.namedItem(name)]));
  let services = [];
  let offices = [];
  let entityCode = null;
  let isAdmin = false;
  /** The period the API chose because the address named none: shown, but left out of the address so the view stays "the last months". */
  let defaults = {};

  function option(value, text) {
    return el('option', { text, attrs: { value } });
  }

  function fill(select, first, items) {
    const chosen = select.value || select.dataset.wanted || '';
    select.replaceChildren(option('', first), ...items.map(([value, text]) => option(value, text)));
    // a value from a shared address the catalogue does not list stays chosen, so the API names what is wrong with it
    if (chosen && !items.some(([value]) => value === chosen)) select.append(option(chosen, chosen));
    select.value = chosen;
  }

  function entityInView() {
    return isAdmin ? inputs.entity.value || null : entityCode;
  }

  function render() {
    const entity = entityInView();
    const entities = [...new Map(services.map((s) => [s.entity.code, s.entity.name])).entries()];
    fill(inputs.entity, t('allEntities'), entities.map(([code, name]) => [code, `${name} (${code})`]));
    fill(
      inputs.serviceId,
      t('allServices'),
      services.filter((s) => !entity || s.entity.code === entity).map((s) => [s.id, pick(s.names) || s.name]),
    );
    fill(inputs.caseType, t('allCaseTypes'), caseTypeNames().map((type) => [type, caseTypeLabel(type)]));
    fill(inputs.officeId, t('allOffices'), offices.filter((o) => !entity || o.entityCode === entity).map((o) => [o.id, o.name]));
  }

  /** The chosen filters; grouping by month is the API's default, so the address leaves it out. */
  function current() {
    const set = (name) => inputs[name].value && inputs[name].value !== defaults[name] && !(name === 'groupBy' && inputs[name].value === DEFAULT_GROUP_BY);
    return Object.fromEntries(FILTER_NAMES.filter(set).map((name) => [name, inputs[name].value]));
  }

  function apply() {
    const filters = current();
    const query = queryOf(filters).toString();
    if (query !== location.search.replace(/^\?/, '')) history.pushState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
    onApply(filters);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  // Lists apply as soon as they change; dates wait for Apply, since a date typed digit by digit changes several times.
  for (const name of ['groupBy', 'entity', 'serviceId', 'caseType', 'officeId']) {
    inputs[name].addEventListener('change', () => {
      if (name === 'entity') render();
      apply();
    });
  }
  byId('reset-filters').addEventListener('click', () => {
    defaults = {};
    for (const name of FILTER_NAMES) {
      inputs[name].value = name === 'groupBy' ? DEFAULT_GROUP_BY : '';
      delete inputs[name].dataset.wanted;
    }
    apply();
  });

  return {
    /** The catalogue to choose from; `entityCode` is the agent's own entity (null for an administrator, who chooses). */
    setCatalogue(catalogue) {
      ({ services, offices } = catalogue);
      render();
    },
    setScope({ admin, entity }) {
      isAdmin = admin;
      entityCode = entity;
      byId('entity-field').hidden = !admin;
      render();
    },
    /** Shows the filters of the address, and for those it leaves out what the API applied (`applied`: its defaults for the period). */
    show(filters, applied = {}) {
      defaults = Object.fromEntries(['from', 'to'].filter((name) => !filters[name] && applied[name]).map((name) => [name, applied[name]]));
      for (const name of FILTER_NAMES) {
        const value = filters[name] ?? defaults[name] ?? (name === 'groupBy' ? DEFAULT_GROUP_BY : '');
        inputs[name].dataset.wanted = value;
        inputs[name].value = value;
      }
      render();
    },
    render,
    serviceNames() {
      return new Map(services.map((s) => [s.id, s.names]));
    },
  };
}
