// SheetJS for the CLI, from its ES module build. Node resolves a bare 'xlsx' import to the CommonJS
// build, which also loads the legacy code-page tables and takes several times longer to start; the
// CLI reads and writes .xlsx and UTF-8 CSV only, which the ES module build does without them.
export * from 'xlsx/xlsx.mjs';
