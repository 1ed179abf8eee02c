// Types for SheetJS's ES module build: the same API as the package's main entry.
declare module 'xlsx/xlsx.mjs' {
  export * from 'xlsx';
}
