// The text of each page of a PDF written by Chromium's print to PDF (Skia), without a PDF library:
// Skia writes Type0 fonts with Identity-H encoding (2-byte codes) and, for synthetic bold, Type3
// fonts (1-byte codes), each with a ToUnicode CMap; pages whose resources name those fonts, and content streams (FlateDecode) that show glyphs with <hex> Tj and [...] TJ.
// Enough to check in a test that a printout's text is all there (headers not clipped away, the
// audit chain head printed); not a general PDF reader.
import { inflateSync } from 'node:zlib';

type PdfObject = { dict: string; stream: Buffer | null };

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.search(/stream\r?\n/);
    let dict = body;
    let stream: Buffer | null = null;
    if (streamAt >= 0) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (body[streamAt + 6] === '\r' ? 8 : 7);
      const dataEnd = text.indexOf('endstream', dataStart);
      let raw = pdf.subarray(dataStart, dataEnd);
      // Trailing end-of-line before `endstream`.
      while (raw.length && (raw[raw.length - 1] === 0x0a || raw[raw.length - 1] === 0x0d))
        raw = raw.subarray(0, raw.length - 1);
      try {
        stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
      } catch {
        stream = raw;
      }
    }
    out.set(Number(match[1]), { dict, stream });
    header.lastIndex = end;
  }
  return out;
}

type CMap = { width: number; map: Map<string, string> };

function cmapOf(source: string): CMap {
  const map = new Map<string, string>();
  // Hex digits per code, from the code space (<00> <FF>: 2, <0000> <FFFF>: 4).
  const width = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(source)?.[1].length ?? 4;
  const hexToText = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(src.toUpperCase().padStart(width, '0'), hexToText(dst));
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, dst] of block[1].matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const a = parseInt(lo, 16);
      const b = parseInt(hi, 16);
      const d = parseInt(dst, 16);
      for (let c = a; c <= b; c++)
        map.set(c.toString(16).toUpperCase().padStart(width, '0'), String.fromCharCode(d + c - a));
    }
  return { width, map };
}

/** The text of each page, in page order; runs of text are joined without separators. */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const cmaps = new Map<number, CMap>();
  const none: CMap = { width: 4, map: new Map() };
  const fontCmap = (fontObj: number) => {
    if (!cmaps.has(fontObj)) {
      const ref = /\/ToUnicode (\d+) 0 R/.exec(objs.get(fontObj)?.dict ?? '');
      const stream = ref ? objs.get(Number(ref[1]))?.stream : null;
      cmaps.set(fontObj, stream ? cmapOf(stream.toString('latin1')) : none);
    }
    return cmaps.get(fontObj)!;
  };
  const root = [...objs.values()].find((o) => /\/Type \/Pages/.test(o.dict) && !/\/Parent/.test(o.dict));
  const kids = root ? [...(/\/Kids \[([^\]]*)\]/.exec(root.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)] : [];
  return kids.map(([, id]) => {
    const page = objs.get(Number(id))!;
    const fonts = new Map<string, number>();
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    for (const [, name, ref] of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(name, Number(ref));
    const contents = /\/Contents (?:(\d+) 0 R|\[([^\]]*)\])/.exec(page.dict);
    const refs = contents?.[1]
      ? [contents[1]]
      : [...(contents?.[2] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => m[1]);
    let text = '';
    for (const ref of refs) {
      const content = objs.get(Number(ref))?.stream?.toString('latin1') ?? '';
      let cmap = none;
      const ops = /\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ/g;
      let m: RegExpExecArray | null;
      const decode = (hex: string) => {
        let s = '';
        const w = cmap.width;
        for (let i = 0; i + w <= hex.length; i += w)
          s += cmap.map.get(hex.slice(i, i + w).toUpperCase()) ?? '';
        return s;
      };
      while ((m = ops.exec(content))) {
        if (m[1]) cmap = fonts.has(m[1]) ? fontCmap(fonts.get(m[1])!) : none;
        else if (m[2] !== undefined) text += decode(m[2]);
        else if (m[3] !== undefined)
          for (const [, hex] of m[3].matchAll(/<([0-9A-Fa-f]*)>/g)) text += decode(hex);
      }
    }
    return text;
  });
}
