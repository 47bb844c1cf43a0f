import './style.css';
import { show } from './dom.js';
import { ranking } from './pages/ranking.js';
import { validator } from './pages/validator.js';
import { cluster } from './pages/cluster.js';
import { wallet } from './pages/wallet.js';

// Routes live in the hash (#/validator/<vote>?…), so every view is a link that works wherever the package is mapped,
// with no server-side fallback route. Each page gets a signal that is aborted when the user navigates away, so a
// late answer never draws over the next page.
const routes = [
  { page: 'validator', pattern: /^\/validator\/([^/]+)$/, render: (main, match, params, signal) => validator(main, decodeURIComponent(match[1]), signal) },
  { page: 'cluster', pattern: /^\/cluster$/, render: (main, _, params, signal) => cluster(main, signal) },
  { page: 'wallet', pattern: /^\/wallet$/, render: (main, _, params, signal) => wallet(main, params, signal) },
  { page: 'ranking', pattern: /^\/?$/, render: (main, _, params, signal) => ranking(main, params, signal) },
];

let current = new AbortController();

function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const main = document.getElementById('main');
  current.abort();
  current = new AbortController();

  const found = routes.map((r) => ({ r, match: r.pattern.exec(path || '/') })).find((x) => x.match);
  for (const link of document.querySelectorAll('nav a[data-page]')) {
    if (found && link.dataset.page === found.r.page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!found) {
    show(main, notFound(path));
    return;
  }
  found.r.render(main, found.match, params, current.signal);
}

function notFound(path) {
  const p = document.createElement('p');
  p.className = 'state empty';
  p.textContent = `There is no page at ${path}. `;
  const back = document.createElement('a');
  back.href = '#/';
  back.textContent = 'Back to the ranking';
  p.append(back);
  return p;
}

window.addEventListener('hashchange', () => {
  route();
  document.getElementById('main').focus({ preventScroll: true });
});
route();
