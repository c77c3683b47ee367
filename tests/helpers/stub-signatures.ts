/**
 * What a TypeScript module offers its importers, read with the compiler API: each export's name,
 * kind and signature, as TypeScript prints them once every import is resolved. The practice stub
 * test (tests/practice-stubs.test.ts) compares a stub with its complete file this way, so a stub
 * that drifts from the file it stands for fails a tier-1 test instead of the CI walk.
 *
 * Files live in memory: one Program holds every project to compare, each under its own folder
 * of `tests/template-deps/`, so imports of packages resolve exactly as in template-check.ts (that
 * workspace's `node_modules` first, then the repository's) and nothing is written to disk.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { TEMPLATE_DEPS_DIR } from './template-check.js';

/** The folder (never created) that holds the in-memory projects. */
export const VIRTUAL_ROOT = join(TEMPLATE_DEPS_DIR, '.stub-signatures');

export type ExportKind = 'function' | 'const' | 'let' | 'var' | 'class' | 'interface' | 'type' | 'enum' | 'namespace' | 'other';

export interface ExportShape {
  name: string;
  /** an `ExportKind`, or several joined by ` & ` for a name that is a value and a type at once */
  kind: string;
  /** everything an importer relies on, in one line: parameters and return types, members, the type */
  signature: string;
}

/**
 * One Program over in-memory files (absolute paths), from `roots`. `tsconfig` is the project's tsconfig.json
 * text, read as if it sat in `configDir`; every other file (lib, packages) comes from the disk.
 */
export function programOf(files: ReadonlyMap<string, string>, roots: readonly string[], tsconfig: string, configDir: string): ts.Program {
  const parsed = ts.parseConfigFileTextToJson(join(configDir, 'tsconfig.json'), tsconfig);
  if (parsed.error) throw new Error(ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n'));
  // Only the compiler options: the files are the ones given, not the tsconfig's `include`.
  const { options, errors } = ts.convertCompilerOptionsFromJson(parsed.config.compilerOptions ?? {}, configDir);
  if (errors.length > 0) throw new Error(errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, '\n')).join('\n'));
  const host = ts.createCompilerHost(options, true);
  const isVirtualDir = (dir: string) => {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    for (const path of files.keys()) if (path.startsWith(prefix)) return true;
    return false;
  };
  const { fileExists, readFile, directoryExists, getSourceFile } = host;
  host.fileExists = (path) => files.has(path) || fileExists.call(host, path);
  host.readFile = (path) => files.get(path) ?? readFile.call(host, path);
  host.directoryExists = (dir) => isVirtualDir(dir) || (directoryExists?.call(host, dir) ?? false);
  host.getSourceFile = (path, language, onError, shouldCreate) => {
    const text = files.get(path);
    if (text === undefined) return getSourceFile.call(host, path, language, onError, shouldCreate);
    return ts.createSourceFile(path, text, language, true);
  };
  // Only the files compared are roots: their imports bring in the rest, and the checker works lazily.
  return ts.createProgram({ rootNames: roots, options, host });
}

const BUILD = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.IgnoreErrors | ts.NodeBuilderFlags.UseAliasDefinedOutsideCurrentScope;
const printer = ts.createPrinter({ removeComments: true });
const NOWHERE = ts.createSourceFile('print.ts', '', ts.ScriptTarget.Latest);

/**
 * Parameter names are the implementation's business (a stub's `_request` is the reference's
 * `request`), also inside a printed type such as `{ onRequest: (request: …) => … }`: each becomes `_`.
 */
const dropParameterNames: ts.TransformerFactory<ts.Node> = (context) => {
  const visit = (node: ts.Node): ts.Node =>
    ts.isParameter(node) && ts.isIdentifier(node.name)
      ? ts.factory.updateParameterDeclaration(
          node,
          node.modifiers,
          node.dotDotDotToken,
          '_',
          node.questionToken,
          ts.visitNode(node.type, visit, ts.isTypeNode),
          undefined,
        )
      : ts.visitEachChild(node, visit, context);
  return (node) => ts.visitNode(node, visit) as ts.Node;
};

/** `type` as TypeScript prints it, on one line, with `relativeTo` cut out of any path. */
function printType(checker: ts.TypeChecker, type: ts.Type, relativeTo: string, flags = ts.NodeBuilderFlags.None): string {
  const node = checker.typeToTypeNode(type, undefined, BUILD | flags);
  if (!node) return checker.typeToString(type);
  const [named] = ts.transform(node, [dropParameterNames]).transformed;
  return printer
    .printNode(ts.EmitHint.Unspecified, named!, NOWHERE)
    .replace(/\s+/g, ' ')
    .split(relativeTo)
    .join('<project>');
}

/**
 * The exports of `path` in `program`, sorted by name. `relativeTo` is cut out of any path
 * TypeScript prints (`import("…/src/config.js").Config`), so two copies of a project compare equal.
 */
export function exportsOf(program: ts.Program, path: string, relativeTo: string): ExportShape[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  if (!source) throw new Error(`${path} is not in the program`);
  const module = checker.getSymbolAtLocation(source);
  // A file without imports or exports is a script, not a module: it offers nothing.
  if (!module) return [];
  const print = (type: ts.Type) => printType(checker, type, relativeTo);

  const signature = (call: ts.Signature, at: ts.Node): string => {
    const typeParameters = (call.getTypeParameters() ?? []).map((parameter) => {
      const constraint = parameter.getConstraint();
      return constraint ? `${print(parameter)} extends ${print(constraint)}` : print(parameter);
    });
    const parameters = call.getParameters().map((parameter) => {
      const declaration = parameter.valueDeclaration;
      const rest = declaration && ts.isParameter(declaration) && declaration.dotDotDotToken ? '...' : '';
      const optional = declaration && ts.isParameter(declaration) && (declaration.questionToken || declaration.initializer) ? '?' : '';
      // Names are the implementation's business (a stub's `_password` is the reference's `password`).
      return `${rest}${optional}${print(checker.getTypeOfSymbolAtLocation(parameter, declaration ?? at))}`;
    });
    const generics = typeParameters.length > 0 ? `<${typeParameters.join(', ')}>` : '';
    return `${generics}(${parameters.join(', ')}) => ${print(call.getReturnType())}`;
  };
  const signatures = (type: ts.Type, kind: ts.SignatureKind, at: ts.Node) =>
    checker.getSignaturesOfType(type, kind).map((call) => signature(call, at));

  /**
   * Every member of an object type: what an interface or a class instance promises. A class's
   * private members (`private`, `#name`) promise nothing to the rest of the project: they are the
   * implementation's business, like a function's body.
   */
  const isPrivate = (property: ts.Symbol) => {
    const declaration = property.valueDeclaration;
    if (!declaration) return false;
    if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private) return true;
    const name = ts.getNameOfDeclaration(declaration);
    return name !== undefined && ts.isPrivateIdentifier(name);
  };
  const members = (type: ts.Type, at: ts.Node): string => {
    const parts = checker.getPropertiesOfType(type).filter((property) => !isPrivate(property)).map((property) => {
      const optional = property.flags & ts.SymbolFlags.Optional ? '?' : '';
      const declaration = property.valueDeclaration;
      const readonly = declaration && ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly ? 'readonly ' : '';
      return `${readonly}${property.name}${optional}: ${print(checker.getTypeOfSymbolAtLocation(property, at))}`;
    });
    parts.push(...signatures(type, ts.SignatureKind.Call, at), ...signatures(type, ts.SignatureKind.Construct, at).map((s) => `new ${s}`));
    for (const info of checker.getIndexInfosOfType(type)) parts.push(`[key: ${print(info.keyType)}]: ${print(info.type)}`);
    return `{ ${parts.join('; ')} }`;
  };

  /**
   * Each meaning of one symbol, as [kind, signature]: usually one, but a name can be a value and
   * a type at once (`export const Task = Type.Object(…)` beside `export type Task = …`).
   */
  const meanings = (symbol: ts.Symbol, declaration: ts.Node): [ExportKind, string][] => {
    const { flags } = symbol;
    const found: [ExportKind, string][] = [];
    const typeOf = () => checker.getTypeOfSymbolAtLocation(symbol, declaration);
    if (flags & ts.SymbolFlags.Function) found.push(['function', signatures(typeOf(), ts.SignatureKind.Call, declaration).join(' & ')]);
    if (flags & ts.SymbolFlags.Class) {
      const statics = checker.getPropertiesOfType(typeOf()).filter((property) => property.name !== 'prototype');
      const parts = [
        ...signatures(typeOf(), ts.SignatureKind.Construct, declaration).map((s) => `new ${s}`),
        ...statics.map((property) => `static ${property.name}: ${print(checker.getTypeOfSymbolAtLocation(property, declaration))}`),
        `instance ${members(checker.getDeclaredTypeOfSymbol(symbol), declaration)}`,
      ];
      found.push(['class', parts.join('; ')]);
    }
    if (flags & ts.SymbolFlags.Enum) {
      const values = checker.getPropertiesOfType(typeOf());
      const entries = values.map((value) => `${value.name} = ${print(checker.getTypeOfSymbolAtLocation(value, declaration))}`);
      found.push(['enum', entries.join(', ')]);
    }
    if (flags & ts.SymbolFlags.Interface) found.push(['interface', members(checker.getDeclaredTypeOfSymbol(symbol), declaration)]);
    if (flags & ts.SymbolFlags.TypeAlias) {
      // The alias's body, not its name: `type Task = Static<…>` is compared by what it expands to.
      found.push(['type', printType(checker, checker.getDeclaredTypeOfSymbol(symbol), relativeTo, ts.NodeBuilderFlags.InTypeAlias)]);
    }
    if (flags & ts.SymbolFlags.Variable) {
      const variable = symbol.declarations?.find(ts.isVariableDeclaration);
      const list = variable?.parent;
      const kind: ExportKind = list && list.flags & ts.NodeFlags.Const ? 'const' : list && list.flags & ts.NodeFlags.Let ? 'let' : 'var';
      const type = typeOf();
      const calls = signatures(type, ts.SignatureKind.Call, declaration);
      // A function kept in a const is compared as a function. A literal's value is the
      // implementation (`TASK_COLUMNS = ''` in a stub, the real select list in the reference):
      // only its type, `string`, is part of the signature.
      const plainFunction = calls.length > 0 && checker.getPropertiesOfType(type).length === 0;
      found.push([kind, plainFunction ? calls.join(' & ') : print(checker.getBaseTypeOfLiteralType(type))]);
    }
    if (flags & ts.SymbolFlags.Module) found.push(['namespace', members(typeOf(), declaration)]);
    return found.length > 0 ? found : [['other', print(typeOf())]];
  };

  return checker
    .getExportsOfModule(module)
    .map((exported): ExportShape => {
      // `export { x } from './y.js'` and `export { x as y }`: compare what the name stands for.
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const found = meanings(symbol, symbol.declarations?.[0] ?? source);
      return {
        name: exported.name,
        kind: found.map(([kind]) => kind).join(' & '),
        signature: found.map(([, signature]) => signature).join(' & '),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface Difference {
  /** the export's name */
  name: string;
  /** what differs, in words (and both signatures, when they differ) */
  message: string;
}

/** Every way `stub` differs from `reference` (the complete file): an export missing or extra, another kind, another signature. */
export function compareExports(reference: readonly ExportShape[], stub: readonly ExportShape[]): Difference[] {
  const differences: Difference[] = [];
  const stubByName = new Map(stub.map((shape) => [shape.name, shape]));
  const referenceNames = new Set(reference.map((shape) => shape.name));
  for (const expected of reference) {
    const actual = stubByName.get(expected.name);
    const { name, kind } = expected;
    if (!actual) differences.push({ name, message: `exported by the complete file (${kind}), missing from the stub` });
    else if (actual.kind !== kind) differences.push({ name, message: `a ${actual.kind} in the stub, a ${kind} in the complete file` });
    else if (actual.signature !== expected.signature) {
      const both = `\n    stub:     ${actual.signature}\n    complete: ${expected.signature}`;
      differences.push({ name, message: `the ${kind}'s signature differs${both}` });
    }
  }
  for (const { name, kind } of stub) {
    if (!referenceNames.has(name)) differences.push({ name, message: `exported by the stub (${kind}), not by the complete file` });
  }
  return differences;
}

/** The path of `projectPath` inside in-memory project `name`. */
export const virtualPath = (name: string, projectPath: string) => join(VIRTUAL_ROOT, name, projectPath);
/** The folder of in-memory project `name`. */
export const virtualDir = (name: string) => join(VIRTUAL_ROOT, name);
