// A few lines of DOM building instead of a framework: the pages are tables, lists and charts, and the budget is small.

/**
 * Creates an element: `h('a', { href: '#/', class: 'x', onclick: f }, 'text', child)`. Attributes that are functions
 * become listeners, `null`/`false` ones are left out, children may be nodes, strings, numbers or arrays of them.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces what `target` shows. */
export function show(target, ...children) {
  target.replaceChildren();
  append(target, children);
}

/** The loading state: announced to screen readers, never a blank page. */
export function loading(what) {
  return h('p', { class: 'state loading', role: 'status', 'aria-busy': 'true' }, `Loading ${what}…`);
}

/** The error state: what went wrong, and a way to try again. */
export function failure(error, retry) {
  return h('div', { class: 'state error', role: 'alert' },
    h('p', null, h('strong', null, 'Could not load this page. '), error.message),
    error.code ? h('p', { class: 'muted' }, `Error code: ${error.code}`) : null,
    retry ? h('button', { type: 'button', onclick: retry }, 'Try again') : null);
}

/** The empty state of a fresh installation: how to get data. */
export function noData(what) {
  return h('div', { class: 'state empty', role: 'status' },
    h('p', null, h('strong', null, `No ${what} yet. `), 'SolStake has not stored a sync and a scoring run.'),
    h('p', null, 'Collect the validators once, then reload this page:'),
    h('pre', null, h('code', null, 'dotnet run --project samples/SolStake.Host -- sync')),
    h('p', { class: 'muted' }, 'A serving host also collects on its schedule (every 6 hours by default).'));
}

/** A labelled control; the label is the control's whole accessible name. */
export function field(label, control) {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}
