// SheetJS community edition reads but does not write data validations (drop-down lists), so the
// template is written by SheetJS and then the <dataValidations> element is added to each sheet's
// XML inside the zip, using the zip codec SheetJS ships (XLSX.CFB).
import XLSX from 'xlsx';

export interface DataValidation {
  sqref: string; // e.g. "C2:C5001"
  // list: formula1 is a range such as '选项'!$A$2:$A$28; whole/decimal: between min and max.
  type: 'list' | 'whole' | 'decimal';
  formula1: string;
  formula2?: string;
  // stop: only listed values; warning: Excel warns but lets the person keep another value.
  errorStyle: 'stop' | 'warning';
  error: string; // Chinese message Excel shows on a bad entry
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function validationXml(v: DataValidation): string {
  const attrs = [
    `type="${v.type}"`,
    v.type === 'list' ? '' : 'operator="between"',
    `errorStyle="${v.errorStyle}"`,
    'allowBlank="1"',
    'showErrorMessage="1"',
    `errorTitle="${escapeXml('输入有误')}"`,
    `error="${escapeXml(v.error)}"`,
    `sqref="${v.sqref}"`,
  ]
    .filter(Boolean)
    .join(' ');
  const f2 = v.formula2 === undefined ? '' : `<formula2>${escapeXml(v.formula2)}</formula2>`;
  return `<dataValidation ${attrs}><formula1>${escapeXml(v.formula1)}</formula1>${f2}</dataValidation>`;
}

// CT_Worksheet fixes the order of children; dataValidations comes after sheetData, mergeCells and
// conditionalFormatting and before every element listed here.
const FOLLOWING_ELEMENTS = [
  '<hyperlinks',
  '<printOptions',
  '<pageMargins',
  '<pageSetup',
  '<headerFooter',
  '<rowBreaks',
  '<colBreaks',
  '<customProperties',
  '<cellWatches',
  '<ignoredErrors',
  '<smartTags',
  '<drawing',
  '<legacyDrawing',
  '<picture',
  '<oleObjects',
  '<controls',
  '<webPublishItems',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

function insertValidations(sheetXml: string, validations: DataValidation[]): string {
  const block = `<dataValidations count="${validations.length}">${validations.map(validationXml).join('')}</dataValidations>`;
  const at = Math.min(...FOLLOWING_ELEMENTS.map((tag) => sheetXml.indexOf(tag)).filter((i) => i >= 0));
  return sheetXml.slice(0, at) + block + sheetXml.slice(at);
}

/**
 * Adds data validations to an xlsx written by SheetJS. `bySheetIndex` maps the 0-based position of
 * a sheet in the workbook to its validations (SheetJS names the parts sheet1.xml … in that order).
 */
export function addDataValidations(xlsx: Buffer, bySheetIndex: Map<number, DataValidation[]>): Buffer {
  const zip = XLSX.CFB.read(xlsx, { type: 'buffer' });
  for (const [index, validations] of bySheetIndex) {
    if (validations.length === 0) continue;
    const entry = XLSX.CFB.find(zip, `/xl/worksheets/sheet${index + 1}.xml`);
    if (!entry) throw new Error(`worksheet part sheet${index + 1}.xml not found in the written workbook`);
    const xml = Buffer.from(entry.content).toString('utf8');
    entry.content = Buffer.from(insertValidations(xml, validations), 'utf8');
  }
  return Buffer.from(XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: true }));
}
