// Every database write in the application goes through app/models/*.server.ts and is audited in the
// same transaction (issue 3, audit trail). This test reads the source with the TypeScript parser, so
// a write added tomorrow anywhere in app/, server/ or scripts/ is checked without anyone updating a
// list: it fails when a write sits outside app/models, when a model write is not covered by a
// recordAudit call in its own transaction, or when a write inside a transaction uses the outer
// client (it would commit on its own, outside the audited transaction).
//
// The few writes allowed without an audit event are listed in UNAUDITED below, each with its reason.
// The content of the events (actor, entity, before/after) is checked by
// tests/integration/db/audit-coverage.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCANNED = ['app', 'server', 'scripts'];
const MODELS_DIR = 'app/models/';

const WRITE_METHODS = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
]);
const RAW_WRITES = new Set(['$executeRaw', '$executeRawUnsafe', '$queryRawUnsafe']);
const RAW_SQL_WRITE = /\b(insert|update|delete|replace|upsert|alter|drop|create)\b/i;

/**
 * Writes that carry no audit event, by `file#function#delegate.method`. Allowed by issue 3's rules:
 * session bookkeeping, login throttling counters, API token last-used stamps, and the chain itself.
 */
const UNAUDITED: Record<string, string> = {
  'app/models/auth.server.ts#admitAttempt#loginAttempt.create': 'login throttling counter',
  'app/models/auth.server.ts#checkCredentials#loginAttempt.update':
    'login throttling counter (attempt succeeded)',
  'app/models/auth.server.ts#getSessionAuth#authSession.deleteMany': 'expired session row removed',
  'app/models/auth.server.ts#getSessionAuth#authSession.update': 'session idle timer (lastSeenAt)',
  'app/models/auth.server.ts#getTokenAuth#apiToken.update': 'API token last-used timestamp',
  'app/models/audit.server.ts#holdAuditChain#auditChainHead.update': 'the audit chain itself',
  'app/models/audit.server.ts#recordAudit#auditChainHead.update': 'the audit chain itself',
  'app/models/audit.server.ts#recordAudit#auditEvent.create': 'the audit chain itself',
  'app/models/audit.server.ts#rekeyAuditChain#auditChainHead.update':
    'the audit chain itself (re-key, audited)',
  'app/models/audit.server.ts#writeRekeyedEvent#auditEvent.update':
    'the audit chain itself (re-key, audited)',
  'app/models/sheet.server.ts#saveDraft#scoreSheet.updateMany':
    'draft autosave (decision 007: drafts are not chained; version and draftSavedAt keep the trail, submit is audited)',
};

function delegates(): Set<string> {
  const schema = readFileSync(join(ROOT, 'prisma/schema.prisma'), 'utf8');
  return new Set([...schema.matchAll(/^model\s+(\w+)/gm)].map((m) => m[1][0].toLowerCase() + m[1].slice(1)));
}

function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(relative(ROOT, path)));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) out.push(relative(ROOT, path));
  }
  return out;
}

interface WriteSite {
  file: string;
  line: number;
  target: string; // e.g. 'item.update' or '$executeRaw'
  node: ts.Node;
  source: ts.SourceFile;
}

function nameOf(expr: ts.Expression): string | null {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression))
    return expr.argumentExpression.text;
  return null;
}

function receiverOf(expr: ts.Expression): ts.Expression | null {
  return ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr) ? expr.expression : null;
}

function findWrites(file: string, models: Set<string>): WriteSite[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const sites: WriteSite[] = [];
  const add = (node: ts.Node, target: string) =>
    sites.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      target,
      node,
      source,
    });
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const method = nameOf(node.expression);
      const receiver = receiverOf(node.expression);
      const delegate = receiver ? nameOf(receiver) : null;
      if (method && WRITE_METHODS.has(method) && delegate && models.has(delegate))
        add(node, `${delegate}.${method}`);
      if (method && RAW_WRITES.has(method)) add(node, method);
    }
    if (ts.isTaggedTemplateExpression(node)) {
      const method = nameOf(node.tag);
      if (method && RAW_WRITES.has(method)) add(node, method);
      if (method === '$queryRaw' && RAW_SQL_WRITE.test(node.template.getText(source)))
        add(node, '$queryRaw (writing SQL)');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

type Fn = ts.FunctionLikeDeclaration;

// Calls whose callback runs inside a transaction: Prisma's own, and app/utils/outcome's wrapper.
const TRANSACTION_CALLS = new Set(['$transaction', 'transactionOutcome']);

/** The callback passed to `<client>.$transaction(...)` (or transactionOutcome) that encloses the node. */
function transactionCallback(node: ts.Node): Fn | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (
      (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) &&
      ts.isCallExpression(n.parent) &&
      TRANSACTION_CALLS.has(
        (ts.isIdentifier(n.parent.expression) ? n.parent.expression.text : nameOf(n.parent.expression)) ?? '',
      )
    )
      return n;
  }
  return null;
}

/** The outermost function enclosing the node (a top-level declaration or `const f = () => …`). */
function topLevelFunction(node: ts.Node): { fn: Fn; name: string } | null {
  let found: { fn: Fn; name: string } | null = null;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) found = { fn: n, name: n.name.text };
    else if (
      (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) &&
      ts.isVariableDeclaration(n.parent) &&
      ts.isIdentifier(n.parent.name) &&
      ts.isVariableStatement(n.parent.parent.parent) &&
      ts.isSourceFile(n.parent.parent.parent.parent)
    )
      found = { fn: n, name: n.parent.name.text };
  }
  return found;
}

function topLevelFunctions(source: ts.SourceFile): Map<string, { fn: Fn; exported: boolean }> {
  const out = new Map<string, { fn: Fn; exported: boolean }>();
  for (const st of source.statements) {
    const exported = (ts.getModifiers(st as ts.HasModifiers) ?? []).some(
      (m) => m.kind === ts.SyntaxKind.ExportKeyword,
    );
    if (ts.isFunctionDeclaration(st) && st.name && st.body) out.set(st.name.text, { fn: st, exported });
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations)
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
        )
          out.set(d.name.text, { fn: d.initializer, exported });
  }
  return out;
}

/**
 * Does this scope (a transaction callback or a function) record an audit event: a recordAudit call
 * in its body, or a call to a function of the same file, or an imported one known to audit?
 */
function audits(scope: ts.Node, fns: Map<string, { fn: Fn }>, seen = new Set<ts.Node>()): boolean {
  if (seen.has(scope)) return false;
  seen.add(scope);
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const callee = n.expression.text;
      if (callee === 'recordAudit' || AUDITING_IMPORTS.has(callee)) found = true;
      else if (fns.has(callee) && audits(fns.get(callee)!.fn, fns, seen)) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

// Model helpers that take the caller's transaction and record their own audit event; checked in
// their own files like every other write.
const AUDITING_IMPORTS = new Set([
  'copyPresetScheme',
  'freezeScheme',
  'updateRoundRubricIn',
  'updateRoundIn',
]);

function rootIdentifier(expr: ts.Expression): string | null {
  let e: ts.Expression = expr;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e))
    e = e.expression;
  return ts.isIdentifier(e) ? e.text : null;
}

function clientOf(site: WriteSite): string | null {
  const n = site.node;
  const callee = ts.isCallExpression(n) ? n.expression : (n as ts.TaggedTemplateExpression).tag;
  return rootIdentifier(callee);
}

function firstParamName(fn: Fn): string | null {
  const p = fn.parameters[0];
  return p && ts.isIdentifier(p.name) ? p.name.text : null;
}

/** Problems with one write site in a model file; empty when it is audited in its own transaction. */
function checkModelWrite(site: WriteSite): string[] {
  const where = `${site.file}:${site.line} ${site.target}`;
  const top = topLevelFunction(site.node);
  const key = `${site.file}#${top?.name ?? '<module>'}#${site.target}`;
  if (key in UNAUDITED) return [];
  const fns = topLevelFunctions(site.source);
  const client = clientOf(site);
  const tx = transactionCallback(site.node);
  if (tx) {
    const problems: string[] = [];
    if (client !== firstParamName(tx))
      problems.push(`${where}: inside a transaction but written through \`${client}\`, not the transaction`);
    if (!audits(tx, fns)) problems.push(`${where}: its transaction records no audit event`);
    return problems;
  }
  if (!top) return [`${where}: a write outside any function`];
  // A helper that takes the caller's transaction: it must write through that transaction, and it must
  // either audit itself or be private to this file and used only from audited transactions.
  const txParam = top.fn.parameters.find((p) => p.type?.getText(site.source) === 'Tx');
  if (!txParam || !ts.isIdentifier(txParam.name) || client !== txParam.name.text)
    return [`${where}: written outside a transaction (in ${top.name}, client \`${client}\`)`];
  if (audits(top.fn, fns)) return [];
  if (fns.get(top.name)?.exported) {
    // Exported to the other steps of one operation (app/models/import/): fine when every model file
    // that imports it calls it only from audited transactions, checked there as in its own file.
    const users = importersOf(site.file, top.name);
    if (users.length === 0)
      return [`${where}: exported helper ${top.name} writes without recording an audit event`];
    return users.flatMap((user) =>
      usesOutsideAudit(user, top.name, topLevelFunctions(user)).map(
        (use) =>
          `${where}: helper ${top.name} is called from ${user.fileName} ${use}, which records no audit event`,
      ),
    );
  }
  return usesOutsideAudit(site.source, top.name, fns).map(
    (use) => `${where}: helper ${top.name} is called from ${use}, which records no audit event`,
  );
}

/** Model files (parsed) that import `name` from `file` by a relative or `#app/` path. */
function importersOf(file: string, name: string): ts.SourceFile[] {
  const target = file.replace(/\.ts$/, '');
  return sourceFiles(MODELS_DIR.slice(0, -1)).flatMap((other) => {
    if (other === file) return [];
    const source = ts.createSourceFile(
      other,
      readFileSync(join(ROOT, other), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const imports = source.statements.some((st) => {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) return false;
      const spec = st.moduleSpecifier.text;
      const resolved = spec.startsWith('#app/')
        ? `app/${spec.slice('#app/'.length)}`
        : spec.startsWith('.')
          ? relative(ROOT, resolve(ROOT, other, '..', spec))
          : null;
      const named = st.importClause?.namedBindings;
      return (
        resolved === target &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.some((e) => (e.propertyName ?? e.name).text === name && e.name.text === name)
      );
    });
    return imports ? [source] : [];
  });
}

function usesOutsideAudit(source: ts.SourceFile, name: string, fns: Map<string, { fn: Fn }>): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) {
      const scope = transactionCallback(n) ?? topLevelFunction(n)?.fn ?? null;
      const line = source.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      const owner = topLevelFunction(n);
      if (!scope) out.push(`line ${line}`);
      else if (!audits(scope, fns)) {
        // A helper calling a helper: fine when that helper is itself only used from audited scopes.
        const fine =
          !transactionCallback(n) &&
          owner &&
          owner.name !== name &&
          !fns.get(owner.name)?.fn.parameters.every((p) => p.type?.getText(source) !== 'Tx') &&
          usesOutsideAudit(source, owner.name, fns).length === 0;
        if (!fine) out.push(`${owner?.name ?? 'module'} (line ${line})`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

const models = delegates();
const sites = SCANNED.flatMap(sourceFiles).flatMap((file) => findWrites(file, models));

describe('database write sites (static scan of app/, server/, scripts/)', () => {
  it('finds the writes it is meant to check (the scan itself works)', () => {
    expect(models.has('auditEvent')).toBe(true);
    const targets = new Set(sites.map((s) => s.target));
    for (const t of ['round.create', 'item.update', 'panelMember.deleteMany', '$executeRaw'])
      expect(targets).toContain(t);
  });

  it('writes only from app/models/*.server.ts', () => {
    const outside = sites
      .filter((s) => !(s.file.startsWith(MODELS_DIR) && s.file.endsWith('.server.ts')))
      .map((s) => `${s.file}:${s.line} ${s.target}`);
    expect(outside).toEqual([]);
  });

  it('audits every model write in the same transaction (or is a listed exception)', () => {
    const problems = sites.filter((s) => s.file.startsWith(MODELS_DIR)).flatMap(checkModelWrite);
    expect(problems).toEqual([]);
  });

  it('lists no exception that no longer exists', () => {
    const keys = new Set(
      sites.map((s) => `${s.file}#${topLevelFunction(s.node)?.name ?? '<module>'}#${s.target}`),
    );
    expect(Object.keys(UNAUDITED).filter((k) => !keys.has(k))).toEqual([]);
  });
});
