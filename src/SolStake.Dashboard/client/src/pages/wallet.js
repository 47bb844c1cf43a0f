import { graphql, token, ApiError } from '../api.js';
import { h, show, loading, failure, field } from '../dom.js';
import * as format from '../format.js';
import { keepInUrl } from '../url.js';

// A wallet's stake accounts and what each validator's score says about them, through the API's `wallet` query and
// `trackWallet` mutation. Both need a token (read:validators to look, write:stakes to track); the user pastes one,
// and it is kept for this tab only.

const verdict = 'verdict { level summary reasons { code level text } }';
const account = `id status stakedAmount lamports activationEpoch deactivationEpoch ${verdict}
  validator { voteAccount name latestTrustScore { score } }`;
const walletQuery = `query Wallet($w: String!) { wallet(walletPubkey: $w) { walletPubkey createdAt ${verdict} stakeAccounts { ${account} } } }`;
const trackMutation = `mutation Track($w: String!) { trackWallet(walletPubkey: $w) { walletPubkey createdAt ${verdict} stakeAccounts { ${account} } } }`;
const base58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

export function wallet(main, params, signal) {
  const address = h('input', { id: 'wallet-address', name: 'address', value: params.get('address') ?? '', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'Wallet address (base58)' });
  const bearer = h('input', { id: 'wallet-token', name: 'token', type: 'password', value: token.get(), autocomplete: 'off', placeholder: 'eyJ…' });
  const results = h('div', { id: 'wallet-results', 'aria-live': 'polite' });
  const form = h('form', { class: 'controls wallet-form' },
    field('Wallet', address),
    field('API token', bearer),
    h('button', { type: 'submit' }, 'Show stake accounts'));
  show(main,
    h('h1', null, 'Wallet'),
    h('p', { class: 'muted' }, 'Paste a wallet address to see its stake accounts and the score of each validator they delegate to. ',
      'The API asks for a token: a viewer token can look a wallet up, a user token can also track a new one ',
      '(in Development, ', h('code', null, 'dotnet run --project samples/SolStake.Host -- tokens'), ' prints them).'),
    form,
    results);

  const run = async (track) => {
    const w = address.value.trim();
    token.set(bearer.value);
    keepInUrl('/wallet', new URLSearchParams(w ? { address: w } : {}));
    if (!base58.test(w)) {
      show(results, h('p', { class: 'state error', role: 'alert' }, 'A wallet address is 32 to 44 base58 characters (no 0, O, I or l).'));
      return;
    }
    show(results, loading(track ? 'the stake accounts from the cluster' : 'the wallet'));
    try {
      const data = await graphql(track ? trackMutation : walletQuery, { w }, { signal, auth: true });
      if (signal.aborted) return;
      const found = track ? data.trackWallet : data.wallet;
      show(results, found ? accounts(found, () => run(true)) : notTracked(w, () => run(true)));
    } catch (error) {
      if (signal.aborted) return;
      show(results, error instanceof ApiError && ['UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code)
        ? needsToken(error, track) : failure(error, () => run(track)));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(false);
  });
  if (address.value) run(false);
}

function needsToken(error, track) {
  return h('div', { class: 'state error', role: 'alert' },
    h('p', null, h('strong', null, error.code === 'FORBIDDEN' ? 'This token may not do that. ' : 'A token is needed. '), error.message),
    h('p', null, track ? 'Tracking a wallet needs a user or admin token (write:stakes).' : 'Looking a wallet up needs a viewer, user or admin token (read:validators).'));
}

function notTracked(w, track) {
  return h('div', { class: 'state empty', role: 'status' },
    h('p', null, `SolStake does not track ${w} yet.`),
    h('p', null, 'Tracking registers it and reads its stake accounts from the cluster now and at every sync.'),
    h('button', { type: 'button', onclick: track }, 'Track this wallet'));
}

function accounts(found, refresh) {
  const list = found.stakeAccounts;
  const total = list.reduce((sum, a) => sum + Number(a.stakedAmount), 0);
  return [
    h('p', { id: 'wallet-summary', role: 'status', dataset: { accounts: list.length } },
      `${format.count(list.length)} stake account${list.length === 1 ? '' : 's'}, ${format.stake(total)} delegated. Tracked since ${format.when(found.createdAt)}. `,
      h('button', { type: 'button', class: 'link', onclick: refresh }, 'Read again from the cluster')),
    verdictBox(found.verdict, 'wallet-verdict'),
    list.length === 0 ? h('p', { class: 'state empty' }, 'This wallet has no stake accounts.') : h('div', { class: 'table-wrap' }, h('table', { class: 'stakes' },
      h('caption', { class: 'sr-only' }, 'Stake accounts of the wallet'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Stake account'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'num' }, 'Delegated'),
        h('th', { scope: 'col' }, 'Validator'), h('th', { scope: 'col', class: 'num' }, 'Score'), h('th', { scope: 'col' }, 'Verdict'))),
      h('tbody', null, list.map((a) => h('tr', { dataset: { account: a.id, status: a.status ?? '', level: a.verdict.level } },
        h('td', { class: 'mono', title: a.id }, format.shortKey(a.id)),
        h('td', { class: 'status' }, statusWords[a.status] ?? 'unknown'),
        h('td', { class: 'num' }, format.stake(a.stakedAmount)),
        h('td', null, a.validator ? h('a', { href: `#/validator/${a.validator.voteAccount}` }, a.validator.name ?? format.shortKey(a.validator.voteAccount)) : 'not delegated, or unknown to SolStake'),
        h('td', { class: 'num' }, format.score(a.validator?.latestTrustScore?.score)),
        h('td', { class: 'verdict' }, verdictText(a.verdict))))))),
  ];
}

const statusWords = { ACTIVATING: 'activating', ACTIVE: 'active', DEACTIVATING: 'deactivating', INACTIVE: 'inactive' };
const levelWords = { FINE: 'Fine', WATCH: 'Watch', ACT: 'Act' };

/** The wallet's verdict as text on the page (a phone shows no tooltips): the summary, then each reason. */
function verdictBox(v, id) {
  return h('div', { id, class: `verdict-box level-${v.level.toLowerCase()}`, role: 'status', dataset: { level: v.level } },
    h('p', null, h('strong', null, `${levelWords[v.level]}: `), v.summary),
    v.reasons.length ? h('ul', null, v.reasons.map((r) => h('li', { dataset: { code: r.code } }, r.text))) : null);
}

/** An account's verdict in words: its summary, and any further reasons under it. */
function verdictText(v) {
  const more = v.reasons.filter((r) => r.text !== v.summary);
  return [
    h('span', { class: `badge level-${v.level.toLowerCase()}` }, levelWords[v.level]),
    h('span', null, ` ${v.summary}`),
    more.length ? h('ul', { class: 'reasons' }, more.map((r) => h('li', null, r.text))) : null,
  ];
}
