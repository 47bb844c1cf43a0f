/** Writes the view's state into the URL without reloading (shareable links; no new history entry per keystroke). */
export function keepInUrl(path, params) {
  const query = params.toString();
  history.replaceState(null, '', `#${path}${query ? `?${query}` : ''}`);
}
