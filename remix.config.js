// Remix v2 classic compiler (see docs/decisions/004-remix-classic-compiler.md).
// Tests build into their own directory (PINGSHEN_BUILD_DIR) so a rebuild never pulls assets from
// under a server that is still running; production uses build/ and public/build/.
const outDir = process.env.PINGSHEN_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverBuildPath: outDir ? `${outDir}/index.js` : 'build/index.js',
  assetsBuildDirectory: outDir ? `${outDir}/assets` : 'public/build',
  // "__name.server.ts" files beside a route are its private helpers, not routes.
  ignoredRouteFiles: ['**/.*', '**/__*'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // antd, @ant-design/* and rc-* stay external: bundling them duplicates the cssinjs style cache
  // between server bundle and node_modules and breaks style extraction. The app imports antd one
  // component at a time, `import Button from '#antd/button'` (package.json "imports"), never from
  // the "antd" barrel: with code splitting, esbuild put every antd component any page uses into the
  // chunk of every entry that imports the barrel (root included), so each page loaded all of antd.
  // In the browser "#antd/x" is antd/es/x; on the server it is app/components/antd/x.ts, a one-line
  // re-export from the external "antd" package, bundled here (plain node cannot load .ts).
  serverDependenciesToBundle: [/^#antd\//],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
