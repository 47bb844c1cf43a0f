// The dashboard's only way to the data: the public GraphQL API of the same origin.

const meta = document.querySelector('meta[name="solstake-graphql"]')?.content;
/** The GraphQL endpoint the package mapped (its placeholder is left as is only under a bare `vite` dev server). */
export const endpoint = meta && !meta.startsWith('__') ? meta : '/graphql';

const tokenKey = 'solstake.token';

/** The bearer token the user pasted, kept for this browser tab only. */
export const token = {
  get: () => sessionStorage.getItem(tokenKey) ?? '',
  set: (value) => (value ? sessionStorage.setItem(tokenKey, value.trim()) : sessionStorage.removeItem(tokenKey)),
};

/** An error the API answered, with its GraphQL error code (UNAUTHENTICATED, COMPLEXITY, …) when it gave one. */
export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/**
 * Runs a query or mutation and returns its `data`. Rejects with an ApiError for an HTTP error, a body that is not
 * JSON, or any GraphQL error (the first one's message and code).
 */
export async function graphql(query, variables, { signal, auth = false } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  const bearer = auth ? token.get() : '';
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }

  let response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(`The API at ${endpoint} cannot be reached (${error.message}).`, 'NETWORK');
  }

  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without a GraphQL body.`, 'HTTP', response.status);
  }

  const first = body.errors?.[0];
  if (first) {
    throw new ApiError(first.message, first.extensions?.code, response.status);
  }
  if (!response.ok || !body.data) {
    throw new ApiError(`The API answered HTTP ${response.status}.`, 'HTTP', response.status);
  }
  return body.data;
}

// The API prices a list by its rows and refuses an anonymous query above its limit: pages of 500 stay well below it
// whatever the cluster's size.
const pageSize = 500;

/**
 * Every stored validator with the given selection, in the API's order, read page by page
 * (`validators(orderBy:, offset:, limit:)`): a first screen of 100 alone, so that `onFirstPage` can show it at once,
 * then the rest two pages at a time.
 */
export async function allValidators(selection, orderBy, { signal, onFirstPage } = {}) {
  const query = `query Validators($orderBy: ValidatorOrder, $offset: Int, $limit: Int) {
  validators(orderBy: $orderBy, offset: $offset, limit: $limit) { ${selection} }
}`;
  const page = async (offset, limit) => (await graphql(query, { orderBy, offset, limit }, { signal })).validators;
  const first = 100;
  const all = await page(0, first);
  if (all.length < first) return all;
  onFirstPage?.(all.slice());
  for (let offset = first; ; offset += 2 * pageSize) {
    const [a, b] = await Promise.all([page(offset, pageSize), page(offset + pageSize, pageSize)]);
    all.push(...a, ...b);
    if (a.length < pageSize || b.length < pageSize) return all;
  }
}
