// The Vendure server behind stores with `[backend] kind = "vendure"`. Plain CommonJS,
// no build step. Everything it needs comes from the environment `cargo store` sets:
// VENDURE_PORT, VENDURE_DB (SQLite file), VENDURE_ASSETS (asset folder).
const path = require('path');
const { dummyPaymentHandler, DefaultSearchPlugin, DefaultLogger, LogLevel, LanguageCode } = require('@vendure/core');
const { AssetServerPlugin } = require('@vendure/asset-server-plugin');

const here = __dirname;
exports.config = {
  apiOptions: {
    port: Number(process.env.VENDURE_PORT || 3100),
    hostname: '127.0.0.1',
    shopApiPath: 'shop-api',
    adminApiPath: 'admin-api',
  },
  authOptions: {
    tokenMethod: ['bearer'],
    requireVerification: false,
    superadminCredentials: { identifier: 'superadmin', password: 'superadmin' },
  },
  dbConnectionOptions: {
    type: 'better-sqlite3',
    database: process.env.VENDURE_DB || path.join(here, 'vendure.sqlite'),
    synchronize: true,
    logging: false,
  },
  paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
  // An extra field the storefront reads without changing its model (see README, custom fields).
  customFields: {
    Product: [
      { name: 'warrantyMonths', type: 'int', nullable: true, public: true,
        label: [{ languageCode: LanguageCode.en, value: 'Warranty (months)' }] },
    ],
  },
  logger: new DefaultLogger({ level: LogLevel.Warn }),
  plugins: [
    DefaultSearchPlugin.init({ bufferUpdates: false, indexStockStatus: true }),
    AssetServerPlugin.init({
      route: 'assets',
      assetUploadDir: process.env.VENDURE_ASSETS || path.join(here, 'assets'),
    }),
  ],
};
