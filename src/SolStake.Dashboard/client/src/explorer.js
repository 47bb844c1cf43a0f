import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './explorer.css';
import { endpoint } from './api.js';

// GraphiQL over the same origin's endpoint. Headers typed in its editor (Authorization: Bearer …) are sent as they are.
function fetcher(params, options) {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  }).then((response) => response.json());
}

const example = `# The ten best validators of the latest scoring run.
# The Docs button lists every type and field; Authorization headers go in the Headers tab.
{
  validators(orderBy: SCORE, limit: 10) {
    name
    voteAccount
    commission
    latestTrustScore { score state flags }
  }
}
`;

createRoot(document.getElementById('explorer')).render(createElement(GraphiQL, { fetcher, defaultQuery: example }));
