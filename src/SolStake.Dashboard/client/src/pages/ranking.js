import { allValidators, graphql } from '../api.js';
import { h, show, loading, failure, noData, field } from '../dom.js';
import { badge } from '../flags.js';
import * as format from '../format.js';
import { keepInUrl } from '../url.js';

// Every validator, ranked. The stored view reads `validators(orderBy:)`: the latest scoring run's scores, in the order
// the API sorts. A profile reads `rankings(profile:)`: a what-if ranking computed by the API. Search and the state
// filter narrow the loaded list in the browser, with the API's rules (any part of the name, the start of a key).

const row = 'voteAccount validatorPubkey name commission activatedStake skipRate version delinquent';
const stored = `${row} latestTrustScore { score state flags profile }`;
// The what-if ranking carries only the scores; the validators' own fields come from the stored list, which keeps the
// ranking's price (it scores the whole cluster) within an anonymous caller's limit.
const profileQuery = `query Rankings($profile: String!) {
  rankings(profile: $profile, limit: 5000) { rank score state flags validator { voteAccount } }
}`;

const profiles = ['Default', 'JitoCompatible', 'SfdpLike', 'Legacy'];
const orders = [['SCORE', 'Score'], ['STAKE', 'Stake'], ['COMMISSION', 'Commission'], ['NAME', 'Name'], ['VOTE_ACCOUNT', 'Vote account']];
const states = ['ELIGIBLE', 'INELIGIBLE', 'UNRATED'];
const sizes = ['50', '100', '500', 'all'];

/** Reads the view from the URL: search, state, order, profile, page and page size. */
function viewOf(params) {
  const profile = profiles.includes(params.get('profile')) ? params.get('profile') : '';
  const sort = orders.some(([key]) => key === params.get('sort')) ? params.get('sort') : 'SCORE';
  return {
    q: params.get('q') ?? '',
    state: states.includes(params.get('state')) ? params.get('state') : '',
    sort,
    profile,
    page: Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1),
    size: sizes.includes(params.get('size')) ? params.get('size') : '100',
  };
}

function paramsOf(view) {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  if (view.state) params.set('state', view.state);
  if (view.sort !== 'SCORE') params.set('sort', view.sort);
  if (view.profile) params.set('profile', view.profile);
  if (view.page > 1) params.set('page', String(view.page));
  if (view.size !== '100') params.set('size', view.size);
  return params;
}

/** The rows of the view; `onPartial` gets the first rows of a long list before the rest arrive. */
async function load(view, signal, onPartial) {
  if (view.profile) {
    const [data, validators] = await Promise.all([
      graphql(profileQuery, { profile: view.profile }, { signal }),
      allValidators(row, null, { signal }),
    ]);
    const byVote = new Map(validators.map((v) => [v.voteAccount, v]));
    return data.rankings.map((r) => ({ ...byVote.get(r.validator.voteAccount), score: r.score, state: r.state, flags: r.flags, rank: r.rank }));
  }
  const rows = (validators) => validators.map((v, i) => ({
    ...v,
    rank: i + 1,
    score: v.latestTrustScore?.score ?? null,
    state: v.latestTrustScore?.state ?? null,
    flags: v.latestTrustScore?.flags ?? [],
    profile: v.latestTrustScore?.profile ?? null,
  }));
  const order = view.sort === 'VOTE_ACCOUNT' ? null : view.sort;
  return rows(await allValidators(stored, order, { signal, onFirstPage: (first) => onPartial(rows(first)) }));
}

/** The API's search rule: any part of the name (any case), or the start of the vote account or identity. */
function matches(validator, q) {
  if (!q) return true;
  return (validator.name ?? '').toLowerCase().includes(q.toLowerCase())
    || validator.voteAccount.startsWith(q) || validator.validatorPubkey.startsWith(q);
}

export async function ranking(main, params, signal) {
  let view = viewOf(params);
  let all = null;
  let partial = false;
  // Each load's number: an answer to a load that a later one replaced (the order changed again) is dropped.
  let loads = 0;

  const search = h('input', { type: 'search', id: 'search', value: view.q, placeholder: 'Name, vote account or identity', autocomplete: 'off' });
  const stateSelect = select('state', [['', 'All states'], ...states.map((s) => [s, s.toLowerCase()])], view.state);
  const sortSelect = select('sort', orders, view.sort);
  const profileSelect = select('profile', [['', 'Latest scoring run'], ...profiles.map((p) => [p, p])], view.profile);
  const sizeSelect = select('size', sizes.map((s) => [s, s === 'all' ? 'All' : s]), view.size);
  const results = h('div', { id: 'ranking-results' });

  show(main,
    h('h1', null, 'Validators'),
    h('form', { class: 'controls', role: 'search', onsubmit: (e) => e.preventDefault() },
      field('Search', search),
      field('State', stateSelect),
      field('Order', sortSelect),
      field('Profile', profileSelect),
      field('Per page', sizeSelect)),
    results);

  const update = (changes, reload) => {
    view = { ...view, ...changes };
    keepInUrl('/', paramsOf(view));
    if (reload) fetchAndDraw();
    else draw();
  };
  search.addEventListener('input', () => update({ q: search.value.trim(), page: 1 }, false));
  stateSelect.addEventListener('change', () => update({ state: stateSelect.value, page: 1 }, false));
  sortSelect.addEventListener('change', () => update({ sort: sortSelect.value, page: 1 }, true));
  profileSelect.addEventListener('change', () => update({ profile: profileSelect.value, page: 1 }, true));
  sizeSelect.addEventListener('change', () => update({ size: sizeSelect.value, page: 1 }, false));

  async function fetchAndDraw() {
    const mine = ++loads;
    const current = () => !signal.aborted && mine === loads;
    // A profile ranks by its own score: the order control does not apply.
    sortSelect.disabled = Boolean(view.profile);
    results.setAttribute('aria-busy', 'true');
    if (!all) show(results, loading('the validators'));
    let rows;
    try {
      // The first screen is drawn from the first page; search, filters and the count wait for the whole list.
      rows = await load(view, signal, (first) => {
        // Only an unfiltered first page can be shown from the first rows.
        if (!current() || view.q || view.state || view.page > 1) return;
        all = first;
        partial = true;
        draw();
      });
    } catch (error) {
      if (current()) {
        results.removeAttribute('aria-busy');
        show(results, failure(error, fetchAndDraw));
      }
      return;
    }
    if (!current()) return;
    results.removeAttribute('aria-busy');
    all = rows;
    partial = false;
    draw();
  }

  function draw() {
    if (all.length === 0) {
      show(results, noData('validators'));
      return;
    }
    if (partial) {
      show(results,
        h('p', { id: 'ranking-count', class: 'muted', role: 'status', 'aria-busy': 'true' }, `The first ${format.count(all.length)} validators; loading the rest…`),
        table(view.size === 'all' ? all : all.slice(0, Number(view.size))));
      markShown();
      return;
    }
    const shown = all.filter((v) => matches(v, view.q) && (!view.state || v.state === view.state));
    const size = view.size === 'all' ? Math.max(shown.length, 1) : Number(view.size);
    const pages = Math.max(1, Math.ceil(shown.length / size));
    const page = Math.min(view.page, pages);
    const slice = shown.slice((page - 1) * size, page * size);
    const profileNote = view.profile ? `ranked by the ${view.profile} profile (what-if, computed now)`
      : `latest scoring run${all[0].profile ? ` (${all[0].profile} profile)` : ''}`;

    show(results,
      h('p', { id: 'ranking-count', class: 'muted', role: 'status', dataset: { total: all.length, shown: shown.length } },
        shown.length === all.length ? `${format.count(all.length)} validators, ${profileNote}.`
          : `${format.count(shown.length)} of ${format.count(all.length)} validators match, ${profileNote}.`),
      shown.length === 0 ? h('p', { class: 'state empty' }, 'No validator matches. Clear the search or the state filter.') : table(slice),
      pages > 1 ? pager(page, pages, shown.length, size) : null);
    markShown();
  }

  function pager(page, pages, total, size) {
    const go = (p) => update({ page: p }, false);
    return h('nav', { class: 'pager', 'aria-label': 'Pages of the ranking' },
      h('button', { type: 'button', disabled: page === 1, onclick: () => go(page - 1) }, '‹ Previous'),
      h('span', null, `${format.count((page - 1) * size + 1)}–${format.count(Math.min(page * size, total))} of ${format.count(total)} (page ${page} of ${pages})`),
      h('button', { type: 'button', disabled: page === pages, onclick: () => go(page + 1) }, 'Next ›'));
  }

  await fetchAndDraw();
}

function table(rows) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'ranking' },
      h('caption', { class: 'sr-only' }, 'Validators with their scores'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col', class: 'wide' }, 'Vote account'),
        h('th', { scope: 'col', class: 'num' }, 'Score'),
        h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col', class: 'num' }, 'Commission'),
        h('th', { scope: 'col', class: 'num' }, 'Stake'),
        h('th', { scope: 'col', class: 'num wide' }, 'Skip rate'),
        h('th', { scope: 'col', class: 'wide' }, 'Version'),
        h('th', { scope: 'col' }, 'Flags'))),
      h('tbody', null, rows.map((v) => h('tr', { dataset: { vote: v.voteAccount } },
        h('td', { class: 'num' }, v.rank),
        h('td', null, h('a', { href: `#/validator/${v.voteAccount}` }, v.name ?? format.shortKey(v.voteAccount)),
          v.delinquent ? h('span', { class: 'badge bad' }, 'delinquent') : null),
        h('td', { class: 'mono wide', title: v.voteAccount }, format.shortKey(v.voteAccount)),
        h('td', { class: 'num score' }, format.score(v.score)),
        h('td', null, v.state ? h('span', { class: `state-${v.state.toLowerCase()}` }, v.state.toLowerCase()) : '–'),
        h('td', { class: 'num' }, format.commission(v.commission)),
        h('td', { class: 'num' }, format.sol(v.activatedStake)),
        h('td', { class: 'num wide' }, format.percent(v.skipRate)),
        h('td', { class: 'wide' }, v.version ?? '–'),
        h('td', { class: 'flags' }, v.flags.map(badge)))))));
}

// The first time the table shows rows: what the dashboard benchmark measures from navigation start.
function markShown() {
  if (performance.getEntriesByName('solstake:ranking-shown').length === 0) performance.mark('solstake:ranking-shown');
}

function select(name, options, value) {
  return h('select', { id: name, name }, options.map(([key, label]) => h('option', { value: key, selected: key === value }, label)));
}
