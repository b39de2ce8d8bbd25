/**
 * The import rules of docs/architecture.md, checked by `npm run lint`
 * (dependency-cruiser). Layers, inner to outer:
 *
 *   core → count · crypto → org → mail/templates → db → mail → web → server → cli
 *
 * An import points inwards or sideways, never outwards; within org, db and web a
 * domain (ballots, elections, roll, access, demo...) reaches another only
 * through that domain's public entry, its index.ts. Core folders (src/core,
 * src/db/core, src/web/shell) are for every domain and open to all.
 * src/mail/templates (every email's wording) is a leaf of its own inside
 * src/mail: pure functions the database layer may call, which import nothing of
 * ours but src/core (docs/architecture.md, "Where email wording lives").
 */

// A path under src of one of the layers, e.g. under('db', 'web'); src/mail
// stands for the mailer, without the templates.
const folder = (layer) => (layer === 'mail' ? 'mail/(?!templates/)' : `${layer}/`);
const under = (...layers) => `^src/(${layers.map(folder).join('|')})`;
// Tests and their helpers may reach into any domain they test, and start the
// whole application (src/server/testing.ts) to test a page.
const testCode = '(\\.test\\.tsx?|/test-[^/]+\\.tsx?|/testing\\.ts|-testing\\.ts)$';

/** Which layers each layer may import, besides its own. */
const mayImport = {
  core: [],
  count: ['core'],
  crypto: ['core'],
  org: ['core', 'count', 'crypto'],
  'mail/templates': ['core'],
  db: ['core', 'count', 'crypto', 'org', 'mail/templates'],
  mail: ['core', 'count', 'crypto', 'org', 'mail/templates', 'db'],
  web: ['core', 'count', 'crypto', 'org', 'mail/templates', 'db', 'mail'],
  server: ['core', 'count', 'crypto', 'org', 'mail/templates', 'db', 'mail', 'web'],
};
const allLayers = [
  'core',
  'count',
  'crypto',
  'org',
  'mail/templates',
  'db',
  'mail',
  'web',
  'server',
  'cli',
];

const layerRules = Object.entries(mayImport).map(([layer, allowed]) => ({
  name: `layer-${layer.replace('/', '-')}`,
  comment: `src/${layer} may import only ${allowed.length ? allowed.map((l) => `src/${l}`).join(', ') : 'nothing of ours outside itself'} (docs/architecture.md, "Layers"): an import never points outwards.`,
  severity: 'error',
  from: { path: under(layer), pathNot: testCode },
  to: {
    path: under(...allLayers.filter((l) => l !== layer && !allowed.includes(l))),
  },
}));

/**
 * Node-only files in src/crypto: OpenSSL powers and hashing (native.ts, reached
 * through the `#native` import map, which gives the browser native.browser.ts),
 * and the worker-thread pool and parallel verifier (server and CLI only).
 */
const cryptoNodeOnly = '^src/crypto/(native|verify-pool|verify-worker|verify-parallel)\\.ts$';

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'core-runs-anywhere',
      comment:
        'src/core uses no node: module: its leaves (Refusal, CSV...) serve every layer, the counting engine and the browser bundles included.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: testCode },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'mail-templates-are-pure',
      comment:
        'src/mail/templates word emails as pure functions (data in, subject and text out): no node: module and no package, so that any layer from src/db outwards may call them.',
      severity: 'error',
      from: { path: '^src/mail/templates/', pathNot: testCode },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg'] },
    },
    {
      name: 'count-runs-in-a-browser',
      comment:
        'src/count uses no node: module, so that the counting engine also runs in a browser: callers (src/cli) read files and pass their contents in.',
      severity: 'error',
      from: { path: '^src/count/', pathNot: testCode },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'crypto-node-only-files',
      comment: `In src/crypto only the Node-only files (${cryptoNodeOnly}) may use node: modules; the rest is bundled for the browser.`,
      severity: 'error',
      from: { path: '^src/crypto/', pathNot: `${cryptoNodeOnly}|${testCode}` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-bundle-is-not-node',
      comment:
        'src/web/browser is bundled for the browser: it never reaches a node: module or a Node-only crypto file (the #native import map gives it native.browser.ts).',
      severity: 'error',
      from: { path: '^src/web/browser/' },
      to: { path: cryptoNodeOnly.replace('(native|', '('), reachable: true },
    },
    {
      name: 'browser-bundle-imports',
      comment:
        'src/web/browser may import only src/web/browser, src/crypto, src/count and src/org.',
      severity: 'error',
      from: { path: '^src/web/browser/' },
      to: { path: '^src/', pathNot: '^src/(web/browser|crypto|count|org)/' },
    },
    {
      name: 'domain-public-entry',
      comment:
        'A domain reaches another domain only through its public entry (src/<layer>/<domain>/index.ts); core folders (src/core, src/db/core, src/web/shell) are open to all.',
      severity: 'error',
      from: { path: '^src/(?:org|db|web|mail|server|cli)/([^/]+)/', pathNot: testCode },
      to: {
        path: '^src/(?:org|db|web)/([^/]+)/[^/]+$',
        pathNot: [
          '^src/(?:org|db|web)/$1/',
          '^src/(?:db/core|web/shell|web/browser)/',
          '/index\\.tsx?$',
          testCode,
        ],
      },
    },
    {
      name: 'domain-public-entry-from-layer-root',
      comment:
        'Code outside the domain folders (src/cli, src/server, src/mail) reaches a domain only through its public entry (index.ts).',
      severity: 'error',
      from: { path: '^src/(cli|server|mail)/[^/]+$', pathNot: testCode },
      to: {
        path: '^src/(?:org|db|web)/[^/]+/[^/]+$',
        pathNot: ['^src/(?:db/core|web/shell|web/browser)/', '/index\\.tsx?$', testCode],
      },
    },
    {
      name: 'no-sql-in-web',
      comment:
        'src/web writes no SQL and does not import kysely: a page calls a use case, a named function in src/db/<domain>, and names the database type Db from src/db/core/schema.ts. Only tests may query directly.',
      severity: 'error',
      from: { path: '^src/web/', pathNot: testCode },
      to: { path: '^(node_modules/)?kysely(/|$)' },
    },
    {
      name: 'no-circular-between-domains',
      comment: 'Domains do not import each other in a circle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, pathNot: '^src/(count|crypto)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
