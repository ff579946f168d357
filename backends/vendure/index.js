// Starts the server; `cargo store` waits for GET /health before it starts the store.
process.env.VENDURE_DISABLE_TELEMETRY = 'true';
const { bootstrap, JobQueueService } = require('@vendure/core');
const { config } = require('./vendure-config');

bootstrap(config)
  .then(app => app.get(JobQueueService).start())
  .catch(err => {
    console.error(err);
    process.exit(1);
  });
