// Loads Vendure's own sample catalog (from @vendure/create, offline), then what the demo
// store needs on top: a coupon promotion and a warranty on the electronics. Run once;
// `cargo store` copies the result for every run.
process.env.VENDURE_DISABLE_TELEMETRY = 'true';
const path = require('path');
const { bootstrap, JobQueueService, ConfigService, PromotionService, ProductService,
        RequestContextService, LanguageCode, TransactionalConnection, Product } = require('@vendure/core');
const { populate } = require('@vendure/core/cli');
const { config } = require('./vendure-config');

const create = path.dirname(require.resolve('@vendure/create/package.json'));
const assets = path.join(create, 'assets');

async function idle(app) {
  const strategy = app.get(ConfigService).jobQueueOptions.jobQueueStrategy;
  for (let i = 0; i < 600; i++) {
    const jobs = await strategy.findMany({ take: 1000 });
    if (!jobs.items.some(j => ['PENDING', 'RUNNING', 'RETRYING'].includes(j.state))) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error('search index jobs did not finish');
}

async function main() {
  const start = () => bootstrap({
    ...config,
    importExportOptions: { importAssetsDir: path.join(assets, 'images') },
  }).then(async app => { await app.get(JobQueueService).start(); return app; });
  const app = await populate(start, path.join(assets, 'initial-data.json'), path.join(assets, 'products.csv'));
  const ctx = await app.get(RequestContextService).create({ apiType: 'admin', languageCode: LanguageCode.en });
  await app.get(PromotionService).createPromotion(ctx, {
    enabled: true,
    couponCode: 'SAVE10',
    translations: [{ languageCode: LanguageCode.en, name: '10% off' }],
    conditions: [],
    actions: [{ code: 'order_percentage_discount', arguments: [{ name: 'discount', value: '10' }] }],
  });
  // Two years on everything in Electronics: the store shows it as a badge.
  const products = await app.get(TransactionalConnection).getRepository(ctx, Product).find({ relations: ['facetValues', 'facetValues.facet'] });
  for (const p of products) {
    if (p.facetValues.some(v => v.facet.code === 'category' && v.code === 'electronics')) {
      await app.get(ProductService).update(ctx, { id: p.id, customFields: { warrantyMonths: 24 } });
    }
  }
  await idle(app);
  await app.close();
}

main().then(() => process.exit(0), err => { console.error(err); process.exit(1); });
