import { graphql } from '../api.js';
import { h, show, loading, failure } from '../dom.js';
import { chart, bars } from '../charts.js';
import { badge, describeFlag } from '../flags.js';
import * as format from '../format.js';

// One validator: its score explained factor by factor, its flags in words, and its history.

const query = `query Validator($vote: String!) {
  validator(voteAccount: $vote) {
    voteAccount validatorPubkey name website iconUrl details commission activatedStake delinquent version client uptime skipRate
    latestTrustScore { score state profile modelVersion createdAt flags breakdown { factor points maxPoints detail } }
    scoreHistory(last: 100) { score state createdAt }
    epochPerformance(last: 64) { epoch credits leaderSlots blocksProduced skipRate maxCommissionBps }
    commissionHistory { epoch commission }
  }
}`;

export async function validator(main, vote, signal) {
  const retry = () => validator(main, vote, signal);
  show(main, loading('the validator'));
  let v;
  try {
    v = (await graphql(query, { vote }, { signal })).validator;
  } catch (error) {
    if (!signal.aborted) show(main, failure(error, retry));
    return;
  }
  if (signal.aborted) return;
  if (!v) {
    show(main, h('div', { class: 'state empty', role: 'status' },
      h('h1', null, 'Validator not found'),
      h('p', null, `SolStake has stored no validator with the vote account ${vote}. `, h('a', { href: '#/' }, 'Back to the ranking'))));
    return;
  }

  const latest = v.latestTrustScore;
  show(main,
    identity(v),
    h('section', { class: 'panel', 'aria-labelledby': 'score-title' },
      h('h2', { id: 'score-title' }, 'Trust score'),
      latest ? scoreSection(latest) : h('p', { class: 'state empty' }, 'Not scored yet: the next scoring run scores it.')),
    h('section', { class: 'panel', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, 'History'),
      h('div', { class: 'charts' }, history(v))));
  document.title = `${v.name ?? v.voteAccount} · SolStake`;
}

function identity(v) {
  const icon = v.iconUrl && /^https:\/\//.test(v.iconUrl)
    ? h('img', { class: 'icon', src: v.iconUrl, alt: '', width: 48, height: 48, loading: 'lazy', referrerpolicy: 'no-referrer' }) : null;
  const website = v.website && /^https?:\/\//.test(v.website) ? h('a', { href: v.website, rel: 'noopener noreferrer nofollow', target: '_blank' }, v.website) : null;
  return h('header', { class: 'validator-head' },
    icon,
    h('div', null,
      h('h1', null, v.name ?? 'Unnamed validator', v.delinquent ? h('span', { class: 'badge bad' }, 'delinquent') : null),
      v.details ? h('p', { class: 'muted' }, v.details) : null,
      h('dl', { class: 'facts' },
        fact('Vote account', h('span', { class: 'mono' }, v.voteAccount)),
        fact('Identity', h('span', { class: 'mono' }, v.validatorPubkey)),
        website ? fact('Website', website) : null,
        fact('Commission', format.commission(v.commission)),
        fact('Active stake', format.sol(v.activatedStake)),
        fact('Uptime (30 days)', `${format.score(v.uptime)} %`),
        fact('Skip rate', format.percent(v.skipRate)),
        fact('Client', format.client(v.client)),
        fact('Version', v.version ?? 'not in gossip'))));
}

function fact(term, value) {
  return [h('dt', null, term), h('dd', null, value)];
}

function scoreSection(latest) {
  const flags = latest.flags.map(describeFlag);
  return [
    h('p', { class: 'big-score' },
      h('span', { class: 'score-value' }, format.score(latest.score)), ' / 100 ',
      h('span', { class: `state-${latest.state.toLowerCase()}` }, latest.state.toLowerCase())),
    h('p', { class: 'muted' }, `Scored ${format.when(latest.createdAt)} with the ${latest.profile} profile (model ${latest.modelVersion}).`),
    h('h3', null, 'Breakdown'),
    bars(latest.breakdown.map((line) => ({
      label: factorName(line.factor),
      value: line.points,
      max: line.maxPoints,
      valueText: `${format.score(line.points)} of ${format.score(line.maxPoints)} points`,
      note: line.detail,
      tone: line.maxPoints > 0 && line.points < line.maxPoints / 2 ? 'low' : '',
    })), { className: 'bars breakdown', label: 'Points per factor out of their maximum' }),
    h('h3', null, 'Flags'),
    flags.length === 0 ? h('p', null, 'No flags: nothing in the data counts against this validator.')
      : h('ul', { class: 'flag-list' }, latest.flags.map((text, i) => h('li', null,
        badge(text), ' ', flags[i].gate ? h('strong', null, 'Gate: the score is 0. ') : null, flags[i].explanation,
        flags[i].argument ? ` (${/^\d+$/.test(flags[i].argument) ? `epoch ${flags[i].argument}` : flags[i].argument})` : null))),
  ];
}

function factorName(code) {
  const words = code.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function history(v) {
  const scores = [...v.scoreHistory].reverse();
  const epochs = [...v.epochPerformance].reverse();
  const epochXs = epochs.map((e) => Number(e.epoch));
  const skip = epochs.map((e) => (e.skipRate == null ? null : e.skipRate * 100));

  // The commission as a step per change, carried to the latest stored epoch, so a raise shows as a cliff.
  const changes = v.commissionHistory.map((c) => [Number(c.epoch), c.commission]);
  const lastEpoch = epochXs.at(-1);
  if (changes.length > 0 && lastEpoch != null && lastEpoch > changes.at(-1)[0]) changes.push([lastEpoch, changes.at(-1)[1]]);
  const maxCommission = Math.max(10, ...changes.map((c) => c[1]));

  return [
    h('div', { id: 'chart-score' }, chart({
      title: 'Score per scoring run',
      summary: scores.length ? `${scores.length} runs, latest ${format.score(scores.at(-1).score)}` : 'no runs',
      xs: scores.map((s) => Date.parse(s.createdAt) / 1000),
      x: 'time',
      series: [{ label: 'Score', values: scores.map((s) => s.score) }],
      yRange: [0, 100],
      yLabel: 'Score',
    })),
    h('div', { id: 'chart-credits' }, chart({
      title: 'Vote credits per epoch',
      summary: epochs.length ? `${epochs.length} epochs, ${format.count(Number(epochs.at(-1).credits))} credits in epoch ${epochXs.at(-1)}` : 'no epochs',
      xs: epochXs,
      series: [{ label: 'Credits', values: epochs.map((e) => Number(e.credits)), color: '#2e8b57' }],
      yLabel: 'Credits',
    })),
    h('div', { id: 'chart-skip' }, chart({
      title: 'Skip rate per epoch',
      summary: `${skip.filter((s) => s != null).length} epochs with leader slots`,
      xs: epochXs,
      series: [{ label: 'Skip rate %', values: skip, color: '#d35400' }],
      yRange: [0, 100],
      yLabel: '%',
    })),
    h('div', { id: 'chart-commission' }, chart({
      title: 'Commission',
      summary: changes.length ? changes.map(([e, c]) => `${c} % from epoch ${e}`).join(', ') : 'no commission samples',
      xs: changes.map((c) => c[0]),
      series: [{ label: 'Commission %', values: changes.map((c) => c[1]), color: '#8e44ad', stepped: true }],
      yRange: [0, maxCommission],
      yLabel: '%',
    })),
  ];
}
