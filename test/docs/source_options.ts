// The configuration options a module's TypeScript source reads, found with
// the TypeScript compiler's parser (not by running anything): the reads
// through module.get_option*("name", default) and through every function
// that passes one of its parameters on as an option name, such as
// positiveIntegerOption("name", default) in src/lib/options.ts or
// wordsOption(name, known, fallback) in src/mod_rest/callback_options.ts.
// Such helpers are recognised from their bodies, so a new one is found
// without touching this file. Anything it cannot follow (an option name
// built at run time, module.get_option* passed around in an unknown way)
// is reported as a problem rather than skipped.
//
// Files scanned for a module: src/mod_x/**/*.ts and every file of src/
// they import, transitively (the shared src/lib/*.ts among them).

import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../harness/prosody";

/** A Lua value as written in a README's Default column: numbers, strings, booleans, lists. */
export type LuaValue = number | string | boolean | LuaValue[];

export type OptionDefault =
  /** No default in the source: the option is unset unless configured. */
  | { kind: "none" }
  /** A value known without running anything (a literal, a constant, arithmetic on them). */
  | { kind: "value"; value: LuaValue }
  /** A choice at load between known values (e.g. `isComponent ? A : B`). */
  | { kind: "alternatives"; values: LuaValue[]; source: string }
  /** Computed at load in a way this scanner does not evaluate. */
  | { kind: "computed"; source: string };

export interface OptionRead {
  name: string;
  default: OptionDefault;
  /** "src/mod_x/file.ts:LINE" of the read (or of the helper call). */
  where: string;
}

export interface ModuleOptions {
  /** The files scanned, relative to the repository. */
  files: string[];
  /** Every read, in source order (an option may be read more than once). */
  reads: OptionRead[];
  /** Option reads the scanner could not follow: each one fails the test. */
  problems: string[];
}

const SRC = path.join(REPO_ROOT, "src");

/** How a function reads an option: which argument is the name, and where the default comes from. */
interface Reader {
  nameArg: number;
  /** The argument holding the default, or a default fixed inside the reader. */
  defaultFrom: { arg: number; fallback: OptionDefault } | OptionDefault;
}

/** module.get_option, get_option_string, get_option_number, ...: name first, default second. */
const PROSODY_READER: Reader = { nameArg: 0, defaultFrom: { arg: 1, fallback: { kind: "none" } } };

const rel = (file: string): string => path.relative(REPO_ROOT, file);

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The file a relative import names ("../lib/options" → src/lib/options.ts), or undefined for a Prosody library. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${rel(from)}: cannot resolve import ${specifier}`);
}

/** The module's own files and every file of src/ they import, transitively. */
function moduleFiles(moduleName: string): Map<string, ts.SourceFile> {
  const files = new Map<string, ts.SourceFile>();
  const queue = listTs(path.join(SRC, moduleName));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    const sf = parse(file);
    files.set(file, sf);
    for (const stmt of sf.statements) {
      if ((ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)) {
        const target = resolveImport(file, stmt.moduleSpecifier.text);
        if (target !== undefined && target.startsWith(SRC + path.sep)) queue.push(target);
      }
    }
  }
  return files;
}

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e)) {
    e = e.expression;
  }
  return e;
}

/** `module.get_option...`: the property access itself. */
function isProsodyGetter(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "module" && e.name.text.startsWith("get_option");
}

/** The function (declaration, expression or arrow) a node is in, if any. */
function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) return n;
  }
  return undefined;
}

/** The const (or let) declared with this name in a block or file enclosing `from`, innermost first. */
function findLocalDeclaration(from: ts.Node, name: string): ts.VariableDeclaration | undefined {
  for (let n: ts.Node | undefined = from; n !== undefined; n = n.parent) {
    const statements = ts.isBlock(n) || ts.isSourceFile(n) ? n.statements : undefined;
    if (statements === undefined) continue;
    for (const stmt of statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const decl of stmt.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.name.text === name) return decl;
      }
    }
  }
  return undefined;
}

/** A parameter of the function enclosing `from` with this name: its index. */
function parameterIndex(from: ts.Node, name: string): { fn: ts.SignatureDeclaration; index: number } | undefined {
  for (let fn = enclosingFunction(from); fn !== undefined; fn = enclosingFunction(fn)) {
    const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
    if (index >= 0) return { fn, index };
  }
  return undefined;
}

class Scanner {
  /** The helper functions that read an option named by one of their parameters. */
  private readonly readers = new Map<ts.SignatureDeclaration, Reader>();
  /** Local aliases of module.get_option* (`const getPeriod = module.get_option_period`). */
  private readonly aliases = new Set<ts.VariableDeclaration>();
  readonly problems: string[] = [];

  constructor(private readonly files: Map<string, ts.SourceFile>) {}

  private where(node: ts.Node): string {
    const sf = node.getSourceFile();
    return `${rel(sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  }

  /** The exported declaration `name` of a file. */
  private exported(file: string, name: string): ts.Node | undefined {
    const sf = this.files.get(file);
    if (sf === undefined) return undefined;
    for (const stmt of sf.statements) {
      if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === name) return stmt;
      if (ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) if (ts.isIdentifier(decl.name) && decl.name.text === name) return decl;
      }
    }
    return undefined;
  }

  /** What an identifier refers to: a local const, a function of the file, or an imported one. */
  private declarationOf(id: ts.Identifier): ts.Node | undefined {
    const local = findLocalDeclaration(id, id.text);
    if (local !== undefined) return local;
    const sf = id.getSourceFile();
    for (const stmt of sf.statements) {
      if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === id.text) return stmt;
      if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
      const bindings = stmt.importClause?.namedBindings;
      if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
      for (const spec of bindings.elements) {
        if (spec.name.text !== id.text) continue;
        const target = resolveImport(sf.fileName, stmt.moduleSpecifier.text);
        return target === undefined ? undefined : this.exported(target, (spec.propertyName ?? spec.name).text);
      }
    }
    return undefined;
  }

  /** The function a call calls, when it is a plain name. */
  private calledFunction(call: ts.CallExpression): ts.SignatureDeclaration | undefined {
    const callee = unwrap(call.expression);
    if (!ts.isIdentifier(callee)) return undefined;
    const decl = this.declarationOf(callee);
    if (decl === undefined) return undefined;
    if (ts.isFunctionDeclaration(decl)) return decl;
    if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined) {
      const init = unwrap(decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
    return undefined;
  }

  /** True for module.get_option* or a local alias of it. */
  private isGetter(expr: ts.Expression): boolean {
    if (isProsodyGetter(expr)) return true;
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return false;
    const decl = findLocalDeclaration(e, e.text);
    return decl !== undefined && this.aliases.has(decl);
  }

  /**
   * The reader a call invokes and the arguments it gets, lined up with the
   * reader's parameters: `module.get_option_x(a, b)`, `alias.call(module, a, b)`,
   * `pcall(alias, module, a, b)`, or `helper(a, b)`.
   */
  private readerCall(call: ts.CallExpression): { reader: Reader; args: readonly ts.Expression[]; fn?: ts.SignatureDeclaration } | undefined {
    const callee = unwrap(call.expression);
    if (this.isGetter(callee)) return { reader: PROSODY_READER, args: call.arguments };
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "call" && this.isGetter(callee.expression)) {
      return { reader: PROSODY_READER, args: call.arguments.slice(1) };
    }
    if (ts.isIdentifier(callee) && callee.text === "pcall" && call.arguments[0] !== undefined && this.isGetter(call.arguments[0])) {
      return { reader: PROSODY_READER, args: call.arguments.slice(2) };
    }
    const fn = this.calledFunction(call);
    const reader = fn === undefined ? undefined : this.readers.get(fn);
    return reader === undefined || fn === undefined ? undefined : { reader, args: call.arguments, fn };
  }

  /** A value known without running anything, or undefined. */
  evaluate(expr: ts.Expression, seen = new Set<ts.Node>()): LuaValue | undefined {
    const e = unwrap(expr);
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
      const v = this.evaluate(e.operand, seen);
      return typeof v === "number" ? -v : undefined;
    }
    if (ts.isArrayLiteralExpression(e)) {
      const values = e.elements.map((el) => (ts.isSpreadElement(el) ? undefined : this.evaluate(el, seen)));
      return values.every((v) => v !== undefined) ? (values as LuaValue[]) : undefined;
    }
    if (ts.isBinaryExpression(e)) {
      const [a, b] = [this.evaluate(e.left, seen), this.evaluate(e.right, seen)];
      if (typeof a !== "number" || typeof b !== "number") return undefined;
      switch (e.operatorToken.kind) {
        case ts.SyntaxKind.AsteriskToken:
          return a * b;
        case ts.SyntaxKind.PlusToken:
          return a + b;
        case ts.SyntaxKind.MinusToken:
          return a - b;
        case ts.SyntaxKind.SlashToken:
          return a / b;
        default:
          return undefined;
      }
    }
    if (ts.isIdentifier(e)) {
      const decl = this.declarationOf(e);
      if (decl === undefined || seen.has(decl) || !ts.isVariableDeclaration(decl) || decl.initializer === undefined) return undefined;
      if (!(decl.parent.flags & ts.NodeFlags.Const)) return undefined;
      return this.evaluate(decl.initializer, new Set([...seen, decl]));
    }
    return undefined;
  }

  /** The default an argument gives, followed through consts. */
  private defaultOf(expr: ts.Expression | undefined): OptionDefault {
    if (expr === undefined) return { kind: "none" };
    const e = unwrap(expr);
    if (e.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(e) && e.text === "undefined")) return { kind: "none" };
    const value = this.evaluate(e);
    if (value !== undefined) return { kind: "value", value };
    // A local const holding a choice (`const fallback = isComponent ? A : B`).
    let choice: ts.Expression = e;
    if (ts.isIdentifier(e)) {
      const decl = findLocalDeclaration(e, e.text);
      if (decl?.initializer !== undefined) choice = unwrap(decl.initializer);
    }
    if (ts.isConditionalExpression(choice)) {
      const values = [this.evaluate(choice.whenTrue), this.evaluate(choice.whenFalse)];
      if (values.every((v) => v !== undefined)) return { kind: "alternatives", values: values as LuaValue[], source: choice.getText() };
    }
    return { kind: "computed", source: choice.getText() };
  }

  /**
   * The option names an argument can be: string literals and consts (a
   * conditional between names gives both), or a parameter of the enclosing
   * function (which makes that function a reader).
   */
  private namesOf(expr: ts.Expression): { names: string[] } | { parameter: { fn: ts.SignatureDeclaration; index: number } } | undefined {
    const e = unwrap(expr);
    const value = this.evaluate(e);
    if (typeof value === "string") return { names: [value] };
    if (ts.isConditionalExpression(e)) {
      const [a, b] = [this.namesOf(e.whenTrue), this.namesOf(e.whenFalse)];
      if (a !== undefined && b !== undefined && "names" in a && "names" in b) return { names: [...a.names, ...b.names] };
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      const param = parameterIndex(e, e.text);
      if (param !== undefined) return { parameter: param };
      const decl = findLocalDeclaration(e, e.text);
      if (decl?.initializer !== undefined) return this.namesOf(decl.initializer);
    }
    return undefined;
  }

  private forEachCall(visit: (call: ts.CallExpression) => void): void {
    const walk = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) visit(node);
      ts.forEachChild(node, walk);
    };
    for (const sf of this.files.values()) walk(sf);
  }

  /** Finds the aliases and readers (until no new one turns up), then every read with a known name. */
  scan(): OptionRead[] {
    const findAliases = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer !== undefined && isProsodyGetter(node.initializer)) this.aliases.add(node);
      ts.forEachChild(node, findAliases);
    };
    for (const sf of this.files.values()) findAliases(sf);
    this.checkGetterUses();

    for (let grew = true; grew; ) {
      grew = false;
      this.forEachCall((call) => {
        const found = this.readerCall(call);
        const nameArg = found?.args[found.reader.nameArg];
        if (found === undefined || nameArg === undefined) return;
        const names = this.namesOf(nameArg);
        if (names === undefined || !("parameter" in names)) return;
        const { fn, index } = names.parameter;
        // A read whose default is also a parameter passes the caller's default on.
        const defaultArg = this.defaultArgument(found);
        const defaultParam = defaultArg !== undefined && ts.isIdentifier(unwrap(defaultArg)) ? parameterIndex(defaultArg, (unwrap(defaultArg) as ts.Identifier).text) : undefined;
        const reader: Reader = {
          nameArg: index,
          defaultFrom: defaultParam !== undefined && defaultParam.fn === fn
            ? { arg: defaultParam.index, fallback: this.defaultOf(fn.parameters[defaultParam.index]?.initializer) }
            : this.resolvedDefault(found),
        };
        const known = this.readers.get(fn);
        // Of several reads in one helper (get_option(name) then get_option_number(name, fallback)), keep the one with a default.
        if (known === undefined || (!hasDefault(known) && hasDefault(reader))) {
          this.readers.set(fn, reader);
          grew = true;
        }
      });
    }

    const reads: OptionRead[] = [];
    this.forEachCall((call) => {
      const found = this.readerCall(call);
      if (found === undefined) return;
      const nameArg = found.args[found.reader.nameArg];
      const names = nameArg === undefined ? undefined : this.namesOf(nameArg);
      if (names === undefined) {
        this.problems.push(`${this.where(call)}: cannot tell which option \`${call.getText()}\` reads`);
        return;
      }
      if ("parameter" in names) return; // a helper's own read: counted at the helper's call sites
      for (const name of names.names) reads.push({ name, default: this.resolvedDefault(found), where: this.where(call) });
    });
    return reads;
  }

  private defaultArgument(found: { reader: Reader; args: readonly ts.Expression[] }): ts.Expression | undefined {
    const from = found.reader.defaultFrom;
    return "arg" in from ? found.args[from.arg] : undefined;
  }

  private resolvedDefault(found: { reader: Reader; args: readonly ts.Expression[] }): OptionDefault {
    const from = found.reader.defaultFrom;
    if (!("arg" in from)) return from;
    const arg = found.args[from.arg];
    return arg === undefined ? from.fallback : this.defaultOf(arg);
  }

  /** Every use of module.get_option* must be a read this scanner follows (or the alias it makes). */
  private checkGetterUses(): void {
    const walk = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && isProsodyGetter(node)) {
        let user: ts.Node = node;
        while (user.parent !== undefined && (ts.isParenthesizedExpression(user.parent) || ts.isAsExpression(user.parent) || ts.isNonNullExpression(user.parent))) user = user.parent;
        const parent = user.parent;
        const followed =
          (parent !== undefined && ts.isCallExpression(parent) && parent.expression === user) ||
          (parent !== undefined && ts.isVariableDeclaration(parent) && parent.initializer === user) ||
          (parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.name.text === "call" && ts.isCallExpression(parent.parent));
        if (!followed) this.problems.push(`${this.where(node)}: module.${node.name.text} used in a way the option scan does not follow`);
      }
      ts.forEachChild(node, walk);
    };
    for (const sf of this.files.values()) walk(sf);
  }
}

function hasDefault(reader: Reader): boolean {
  return "arg" in reader.defaultFrom || reader.defaultFrom.kind !== "none";
}

/** The options module `moduleName` (e.g. "mod_rest") reads, with their defaults. */
export function scanModuleOptions(moduleName: string): ModuleOptions {
  const files = moduleFiles(moduleName);
  const scanner = new Scanner(files);
  const reads = scanner.scan();
  return { files: [...files.keys()].map(rel).sort(), reads, problems: scanner.problems };
}

/** A Lua value as Lua source: `196608`, `"json"`, `{ "Basic", "Bearer" }`. */
export function luaText(value: LuaValue): string {
  if (Array.isArray(value)) return value.length === 0 ? "{}" : `{ ${value.map(luaText).join(", ")} }`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
