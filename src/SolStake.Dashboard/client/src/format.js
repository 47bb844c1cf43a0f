// Numbers as a staker reads them. The API sends 64-bit amounts (lamports) as strings or numbers; both are accepted.

const LAMPORTS_PER_SOL = 1_000_000_000;
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Lamports as whole SOL ("1,234,567 SOL"); null as a dash. */
export function sol(lamports) {
  if (lamports == null) return '–';
  return `${integer.format(Number(lamports) / LAMPORTS_PER_SOL)} SOL`;
}

const stakeDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const stakeSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/**
 * Lamports as SOL with the precision a small stake needs: whole SOL from 1,000 up, up to four decimals from 1 SOL
 * ("2.2829 SOL"), and four significant digits below ("0.0007174 SOL"), never a misleading 0.
 */
export function stake(lamports) {
  if (lamports == null) return '–';
  const value = Number(lamports) / LAMPORTS_PER_SOL;
  if (value >= 1000) return `${integer.format(value)} SOL`;
  return `${(value >= 1 ? stakeDecimals : stakeSignificant).format(value)} SOL`;
}

/** A share 0..1 as a percentage with two decimals; null as a dash. */
export function percent(share) {
  return share == null ? '–' : `${twoDecimals.format(share * 100)} %`;
}

/** A number with thousands separators. */
export function count(value) {
  return integer.format(value);
}

/** A score 0..100 with two decimals; null as a dash. */
export function score(value) {
  return value == null ? '–' : twoDecimals.format(value);
}

/** A commission in percent ("5 %", "7.5 %"). */
export function commission(value) {
  return value == null ? '–' : `${value} %`;
}

/** A vote account or identity shortened for a table cell; the full key stays in the title. */
export function shortKey(key) {
  return key.length > 12 ? `${key.slice(0, 6)}…${key.slice(-4)}` : key;
}

/** An ISO time as "2026-11-29 04:32 UTC (3 h ago)". */
export function when(iso, now = Date.now()) {
  if (!iso) return 'never';
  const time = new Date(iso);
  const text = `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${text} (${ago(now - time.getTime())})`;
}

function ago(ms) {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

const clientNames = {
  AGAVE: 'Agave', JITO_AGAVE: 'Jito-Agave', FRANKENDANCER: 'Frankendancer', FIREDANCER: 'Firedancer', SOLANA_LABS: 'Solana Labs', UNKNOWN: 'Unknown client',
};

/** A ValidatorClient value as people name it. */
export function client(value) {
  return clientNames[value] ?? 'Unknown client';
}
