import { allValidators, graphql } from '../api.js';
import { h, show, loading, failure, noData } from '../dom.js';
import { chart, bars } from '../charts.js';
import * as format from '../format.js';

// The cluster at a glance: how concentrated the stake is, how the scores spread, which software runs, and how fresh
// SolStake's data is.

const query = `query Cluster {
  cluster { epoch slotIndex slotsInEpoch totalStake delinquentStake validatorCount delinquentCount superminoritySize lastSyncAt lastScoringRunAt }
}`;

export async function cluster(main, signal) {
  const retry = () => cluster(main, signal);
  show(main, loading('the cluster'));
  let data;
  try {
    const [summary, validators] = await Promise.all([
      graphql(query, null, { signal }),
      allValidators('activatedStake version client latestTrustScore { score }', 'STAKE', { signal }),
    ]);
    data = { ...summary, validators };
  } catch (error) {
    if (!signal.aborted) show(main, failure(error, retry));
    return;
  }
  if (signal.aborted) return;
  if (!data.cluster) {
    show(main, h('h1', null, 'Cluster'), noData('cluster data'));
    return;
  }

  const c = data.cluster;
  const total = Number(c.totalStake);
  show(main,
    h('h1', null, 'Cluster'),
    h('dl', { class: 'tiles' },
      tile('Epoch', `${c.epoch}`, `${format.percent(Number(c.slotIndex) / Number(c.slotsInEpoch))} through`),
      tile('Validators', format.count(c.validatorCount), `${format.count(c.delinquentCount)} delinquent`),
      tile('Delinquent stake', format.percent(Number(c.delinquentStake) / total), format.sol(c.delinquentStake)),
      tile('Superminority', format.count(c.superminoritySize), 'validators hold a third of the stake'),
      tile('Last sync', format.when(c.lastSyncAt), null, 'last-sync'),
      tile('Last scoring run', format.when(c.lastScoringRunAt), null, 'last-scoring')),
    h('section', { class: 'panel', 'aria-labelledby': 'stake-title' },
      h('h2', { id: 'stake-title' }, 'Stake distribution'),
      stakeChart(data.validators, total, c.superminoritySize)),
    h('section', { class: 'panel', 'aria-labelledby': 'scores-title' },
      h('h2', { id: 'scores-title' }, 'Score distribution'),
      scoreBars(data.validators)),
    h('section', { class: 'panel', 'aria-labelledby': 'versions-title' },
      h('h2', { id: 'versions-title' }, 'Clients and versions'),
      versions(data.validators, total)));
}

function tile(label, value, note, id) {
  return h('div', { class: 'tile', id }, h('dt', null, label), h('dd', null, value, note ? h('span', { class: 'muted' }, note) : null));
}

/** Cumulative share of stake by validator, largest first, with the one-third line the superminority crosses. */
function stakeChart(validators, total, superminority) {
  let sum = 0;
  const shares = validators.map((v) => {
    sum += Number(v.activatedStake);
    return total > 0 ? (sum / total) * 100 : 0;
  });
  return chart({
    title: 'Cumulative share of active stake, largest validators first',
    summary: `The ${superminority} largest validators together hold more than a third of the stake.`,
    xs: shares.map((_, i) => i + 1),
    xLabel: 'Validators, by stake',
    series: [{ label: 'Cumulative stake %', values: shares, color: '#3b6fd8' }],
    yRange: [0, 100],
    yLabel: '%',
    markers: [{ y: 100 / 3, label: `superminority: ${superminority} validators` }],
  });
}

function scoreBars(validators) {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, count: 0 }));
  let unscored = 0;
  for (const v of validators) {
    const s = v.latestTrustScore?.score;
    if (s == null) unscored++;
    else bins[Math.min(9, Math.floor(s / 10))].count++;
  }
  const most = Math.max(1, ...bins.map((b) => b.count));
  return [
    bars(bins.map((b) => ({
      label: `${b.from}–${b.from + 10}`,
      value: b.count,
      max: most,
      valueText: `${format.count(b.count)} validators`,
    })), { className: 'bars histogram', label: 'Validators per score band' }),
    unscored ? h('p', { class: 'muted' }, `${format.count(unscored)} validators are not scored yet.`) : null,
  ];
}

/** Share of stake per client, largest first, and under each client its versions (one row group per client). */
function versions(validators, total) {
  const clients = new Map();
  for (const v of validators) {
    const client = clients.get(v.client) ?? { client: v.client, count: 0, stake: 0, versions: new Map() };
    const key = v.version ?? 'not in gossip';
    const version = client.versions.get(key) ?? { version: key, count: 0, stake: 0 };
    const stake = Number(v.activatedStake);
    client.count++;
    client.stake += stake;
    version.count++;
    version.stake += stake;
    client.versions.set(key, version);
    clients.set(v.client, client);
  }
  const share = (stake) => format.percent(total > 0 ? stake / total : 0);
  const byStake = (a, b) => b.stake - a.stake;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'versions' },
    h('caption', { class: 'sr-only' }, 'Share of stake per client, then per version'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Client / version'), h('th', { scope: 'col', class: 'num' }, 'Validators'), h('th', { scope: 'col', class: 'num' }, 'Share of stake'))),
    [...clients.values()].sort(byStake).map((c) => h('tbody', { class: 'client', 'data-client': c.client },
      h('tr', { class: 'client-row' },
        h('th', { scope: 'rowgroup' }, format.client(c.client)), h('td', { class: 'num' }, format.count(c.count)), h('td', { class: 'num' }, share(c.stake))),
      [...c.versions.values()].sort(byStake).map((r) => h('tr', { class: 'version-row' },
        h('td', null, r.version), h('td', { class: 'num' }, format.count(r.count)), h('td', { class: 'num' }, share(r.stake))))))));
}
