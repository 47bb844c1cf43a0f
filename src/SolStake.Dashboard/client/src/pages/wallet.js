import { graphql, token, ApiError } from '../api.js';
import { h, show, loading, failure, field } from '../dom.js';
import { describeFlag } from '../flags.js';
import * as format from '../format.js';
import { keepInUrl } from '../url.js';

// A wallet's stake accounts and what each validator's score says about them, through the API's `wallet` query and
// `trackWallet` mutation. Both need a token (read:validators to look, write:stakes to track); the user pastes one,
// and it is kept for this tab only.

const account = `id state stakedAmount lamports activationEpoch deactivationEpoch
  validator { voteAccount name delinquent commission commissionHistory { epoch commission } latestTrustScore { score state flags } }`;
const walletQuery = `query Wallet($w: String!) { wallet(walletPubkey: $w) { walletPubkey createdAt stakeAccounts { ${account} } } }`;
const trackMutation = `mutation Track($w: String!) { trackWallet(walletPubkey: $w) { walletPubkey createdAt stakeAccounts { ${account} } } }`;
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
      `${format.count(list.length)} stake account${list.length === 1 ? '' : 's'}, ${format.sol(total)} delegated. Tracked since ${format.when(found.createdAt)}. `,
      h('button', { type: 'button', class: 'link', onclick: refresh }, 'Read again from the cluster')),
    list.length === 0 ? h('p', { class: 'state empty' }, 'This wallet has no stake accounts.') : h('div', { class: 'table-wrap' }, h('table', { class: 'stakes' },
      h('caption', { class: 'sr-only' }, 'Stake accounts of the wallet'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Stake account'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col', class: 'num' }, 'Delegated'),
        h('th', { scope: 'col' }, 'Validator'), h('th', { scope: 'col', class: 'num' }, 'Score'), h('th', { scope: 'col' }, 'Warnings'))),
      h('tbody', null, list.map((a) => h('tr', { dataset: { account: a.id } },
        h('td', { class: 'mono', title: a.id }, format.shortKey(a.id)),
        h('td', null, a.state.toLowerCase()),
        h('td', { class: 'num' }, format.sol(a.stakedAmount)),
        h('td', null, a.validator ? h('a', { href: `#/validator/${a.validator.voteAccount}` }, a.validator.name ?? format.shortKey(a.validator.voteAccount)) : 'not delegated, or unknown to SolStake'),
        h('td', { class: 'num' }, format.score(a.validator?.latestTrustScore?.score)),
        h('td', { class: 'flags' }, warnings(a.validator))))))),
  ];
}

/** What a staker should act on: a delinquent validator, a raised commission, a gate (score 0). */
function warnings(v) {
  if (!v) return [];
  const out = [];
  if (v.delinquent) out.push(warning('Delinquent', 'The validator is not voting now: the stake earns nothing while it is down.'));
  const history = v.commissionHistory;
  const flags = (v.latestTrustScore?.flags ?? []).map(describeFlag);
  if ((history.length > 1 && history.at(-1).commission > history.at(-2).commission) || flags.some((f) => f.code === 'COMMISSION_INCREASE' || f.code === 'COMMISSION_RUG')) {
    out.push(warning('Commission raised', `The commission went up; it is ${format.commission(v.commission)} now.`));
  }
  if (v.latestTrustScore?.state === 'INELIGIBLE') {
    const gates = flags.filter((f) => f.gate).map((f) => f.label).join(', ');
    out.push(warning('Ineligible', `A gate applies (${gates || 'see the validator page'}): the score is 0.`));
  }
  return out.length ? out : [h('span', { class: 'muted' }, 'none')];
}

function warning(label, explanation) {
  return h('span', { class: 'badge gate', title: explanation, 'aria-label': `${label}: ${explanation}` }, label);
}
