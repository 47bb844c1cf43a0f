import { h } from './dom.js';

// The flag and gate codes of SolStake.Scoring in words. A gate arrives as "GATE:CODE" and makes the score 0; a flag
// explains the breakdown. A code may carry an epoch or a detail: "COMMISSION_INCREASE(812)".

const words = {
  COMMISSION_RUG: ['Commission rug', 'Raised the commission above the rug threshold at some point in the stored history.'],
  PRIVATE: ['Private', 'Charges 100 % commission: stakers earn nothing.'],
  COMMISSION_ABOVE_POLICY: ['Commission above policy', "Charged more than the profile's maximum commission in the window."],
  INACTIVE: ['Inactive', 'Not listed by the cluster, or earned no vote credits in the last two completed epochs.'],
  DENYLISTED: ['Denylisted', 'On the operator\'s deny list.'],
  SUPERMINORITY: ['Superminority', 'Among the largest validators that together hold a third of the stake; more stake here concentrates the cluster.'],
  POOR_VOTING: ['Poor voting', "Earned fewer vote credits than the profile's threshold."],
  STAKE_ABOVE_CAP: ['Stake above cap', "Holds more stake than the profile's cap."],
  DELINQUENT_NOW: ['Delinquent', 'Not voting right now.'],
  POOR_VOTING_EPOCH: ['Poor voting epoch', 'Earned few vote credits in an epoch.'],
  LIVE_VOTING_BELOW_70PCT: ['Voting below 70 %', "The current epoch's voting so far is below 70 % of the cluster's."],
  COMMISSION_INCREASE: ['Commission raised', 'Raised the commission within the window.'],
  COMMISSION_SPIKE: ['Commission spike', 'Raised the commission at the end of an epoch and lowered it again: stakers were charged more at payout.'],
  HIGH_SKIP: ['High skip rate', "Skips its leader slots well above the cluster's rate."],
  NO_LEADER_SLOTS: ['No leader slots', 'Had no leader slots in the window, so block production could not be measured.'],
  OUTDATED_VERSION: ['Outdated version', 'Runs a version older than the current one of its client family.'],
  NO_GOSSIP: ['Not in gossip', 'Its node was not seen in gossip.'],
  UNKNOWN_VERSION: ['Unreadable version', 'Its node reports a version that cannot be read.'],
  UNKNOWN_CLIENT: ['Unknown client', 'Its version is in no client\'s numbering known here, so it is not judged (neutral).'],
  NEW_VALIDATOR: ['New validator', 'Too few completed epochs with credits for a rating: the score is provisional.'],
  NO_VALIDATOR_INFO: ['No validator info', 'Validator info (name, website) was not collected.'],
  NO_BLOCK_DATA: ['No block data', 'No block-production data in the window for any validator.'],
};

/** A flag text from the API as { code, gate, label, explanation, argument }. */
export function describeFlag(text) {
  const gate = text.startsWith('GATE:');
  const body = gate ? text.slice(5) : text;
  const match = /^([A-Z0-9_]+)(?:\((.*)\))?$/.exec(body);
  const code = match ? match[1] : body;
  const argument = match?.[2] ?? null;
  const [label, explanation] = words[code] ?? [code.replaceAll('_', ' ').toLowerCase(), 'A flag this dashboard does not know yet.'];
  return { code, gate, label, explanation, argument };
}

/** A flag as a readable badge; the explanation is its tooltip and its accessible description. */
export function badge(text) {
  const flag = describeFlag(text);
  return h('span', { class: `badge ${flag.gate ? 'gate' : 'flag'}`, title: flag.explanation, 'aria-label': `${flag.gate ? 'Gate' : 'Flag'}: ${flag.label}. ${flag.explanation}` },
    flag.label, flag.argument ? ` (${flag.argument})` : null);
}
