// Writes the running Shop API's schema as SDL: `node dump-schema.js URL > shop-api.graphql`.
// The connector's queries are checked against that file (server/src/vendure/queries.rs).
const { getIntrospectionQuery, buildClientSchema, printSchema } = require('graphql');

fetch(process.argv[2], {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: getIntrospectionQuery() }),
})
  .then(r => r.json())
  .then(r => process.stdout.write(printSchema(buildClientSchema(r.data)) + '\n'))
  .catch(err => { console.error(err); process.exit(1); });
