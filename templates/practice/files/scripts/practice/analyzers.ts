/**
 * Analyzers: what a test cannot see in code that passes. Like Exercism's, each finding has a
 * severity: `essential` (a real defect: the exercise stays open until it is gone), `actionable`
 * (worth changing, does not block), `informative` (something to know). They read the exercise's
 * TypeScript files with the TypeScript compiler's parser (syntax only, no type checking: fast),
 * so a comment or a string that merely mentions SQL is never mistaken for code.
 *
 * The rules, each tested on the reference solution (no finding) and on wrong samples in
 * tests/practice/analyzers.test.ts:
 *   sql-interpolation   a value from outside (a parameter, or something made from one) written
 *                       into the SQL text instead of passed as a parameter ($1, $2, …)
 *   plain-password      a password compared with ===, or sent to the database as it was typed
 *   owner-scope         a query on `tasks` in a function that never mentions `owner_id`
 *   query-in-loop       a query per item: `.query()` inside a loop or a `.map`/`.forEach` callback
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export type Severity = 'essential' | 'actionable' | 'informative';

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** what is wrong here, in one sentence */
  message: string;
  /** why it matters, and what to write instead */
  why: string;
}

interface Rule {
  id: string;
  severity: Severity;
  why: string;
  check(source: ts.SourceFile, report: (node: ts.Node, message: string) => void): void;
}

/** Runs every rule on each file (missing files and non-TypeScript files, such as migrations, are skipped). */
export function analyzeFiles(files: readonly string[], read = (file: string) => readFileSync(file, 'utf8')): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    if (!file.endsWith('.ts')) continue;
    let text: string;
    try {
      text = read(file);
    } catch {
      continue; // a file that is not there has nothing to analyze (the tests say it is missing)
    }
    findings.push(...analyzeSource(file, text));
  }
  return findings;
}

export function analyzeSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    rule.check(source, (node, message) => {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        file,
        line: line + 1,
        column: character + 1,
        message,
        why: rule.why,
      });
    });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** Text that is SQL, not prose: a statement's keywords, or a placeholder such as `$1`. */
const SQL_TEXT =
  /\b(select\b[\s\S]*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|where|values\s*\(|order\s+by|limit|offset|returning|ilike|on\s+conflict)\b|\$\d/i;
/** What comes right before a value in a SQL condition: `= `, `< `, `LIKE '%`, `IN (`. */
const SQL_OPERATOR = /([=<>]|\blike|\bin\s*\()\s*'?%?$/i;

/** Calls whose result carries their input on (escaping by hand is still interpolation). */
const PASS_THROUGH =
  /^(replace|replaceAll|trim|trimStart|trimEnd|toLowerCase|toUpperCase|toString|join|map|filter|slice|concat|keys|entries|values|String|stringify|padStart|padEnd|normalize)$|esc|quot|sanitiz|clean/i;

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** The parameters of every function around `node`, by name (destructured ones included). */
function parameterNames(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const add = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) add(element.name);
  };
  for (let at: ts.Node | undefined = node; at; at = at.parent) {
    if (ts.isFunctionLike(at)) for (const parameter of at.parameters) add(parameter.name);
  }
  return names;
}

/** `const`/`let` declarations and `for … of` variables of the file, by name (the last one wins). */
function declarations(source: ts.SourceFile): Map<string, ts.Expression | undefined> {
  const byName = new Map<string, ts.Expression | undefined>();
  const add = (name: ts.BindingName, value: ts.Expression | undefined) => {
    if (ts.isIdentifier(name)) byName.set(name.text, value);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) add(element.name, value);
  };
  walk(source, (node) => {
    if (ts.isVariableDeclaration(node)) {
      const loop = node.parent.parent;
      // `for (const [field, column] of Object.entries(X))`: the variables come from X.
      const value =
        loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) ? loop.expression : node.initializer;
      add(node.name, value);
    }
  });
  return byName;
}

/**
 * Whether `expression` carries a value from outside: a parameter of the function it is in, a
 * variable made from one, or a pass-through call (`.replace`, an `escape…` helper) of one. A call
 * of anything else (`param(value)` returning `$3`, `sortKeyOf(sort).expression` picking from a
 * constant table) is trusted: what it returns is its author's text.
 */
function carriesInput(
  expression: ts.Node,
  params: Set<string>,
  locals: Map<string, ts.Expression | undefined>,
  seen = new Set<string>(),
): boolean {
  if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression)) return false;
  if (ts.isIdentifier(expression)) {
    if (params.has(expression.text)) return true;
    if (seen.has(expression.text) || !locals.has(expression.text)) return false;
    seen.add(expression.text);
    const value = locals.get(expression.text);
    return value !== undefined && carriesInput(value, params, locals, seen);
  }
  if (ts.isTemplateExpression(expression)) {
    return expression.templateSpans.some(
      (span, index) => !placeholder(expression, index) && carriesInput(span.expression, params, locals, seen),
    );
  }
  if (ts.isCallExpression(expression)) {
    const name = calleeName(expression);
    if (!PASS_THROUGH.test(name)) return false;
    const [callback] = expression.arguments;
    if (
      /^(map|flatMap)$/.test(name) &&
      callback &&
      (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))
    ) {
      // What the items become is what counts: `([field]) => `${COLUMNS[field]} = $${n}`` is safe.
      const inner = new Set([...params, ...parameterNames(callback.body)]);
      return returnedBy(callback).some((value) => carriesInput(value, inner, locals, seen));
    }
    const receiver = ts.isPropertyAccessExpression(expression.expression) ? [expression.expression.expression] : [];
    return [...receiver, ...expression.arguments].some((part) => carriesInput(part, params, locals, seen));
  }
  if (ts.isConditionalExpression(expression)) {
    return (
      carriesInput(expression.whenTrue, params, locals, seen) ||
      carriesInput(expression.whenFalse, params, locals, seen)
    );
  }
  if (ts.isPropertyAccessExpression(expression)) return carriesInput(expression.expression, params, locals, seen);
  if (ts.isElementAccessExpression(expression)) return carriesInput(expression.expression, params, locals, seen);
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return false;
  let found = false;
  ts.forEachChild(expression, (child) => {
    found ||= carriesInput(child, params, locals, seen);
  });
  return found;
}

/** `$${n}`: the span at `index` is a parameter's number ($1, $2, …), not a value. */
function placeholder(template: ts.TemplateExpression, index: number): boolean {
  return textBefore(template, index).endsWith('$');
}

/** The template's text right before its span at `index`. */
function textBefore(template: ts.TemplateExpression, index: number): string {
  return index === 0 ? template.head.text : (template.templateSpans[index - 1]?.literal.text ?? '');
}

/** The expressions a function returns. */
function returnedBy(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const values: ts.Expression[] = [];
  walk(fn.body, (node) => {
    if (ts.isReturnStatement(node) && node.expression && enclosingFunction(node) === fn) values.push(node.expression);
  });
  return values;
}

/** Inside `new SomethingError(…)` / `new HttpProblem(…)`: a message, not SQL. */
function inMessage(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at && !ts.isFunctionLike(at); at = at.parent) {
    if (ts.isNewExpression(at) || ts.isThrowStatement(at)) return true;
    if (ts.isCallExpression(at) && at.expression.kind === ts.SyntaxKind.SuperKeyword) return true;
  }
  return false;
}

/** `db.query(…)`, `tx.exec(…)`, `client.query(…)`: a statement sent to the database (not `regex.exec`). */
function isQueryCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const method = node.expression.name.text;
  const receiver = node.expression.expression;
  if (method === 'query') return true;
  return (
    method === 'exec' &&
    ts.isIdentifier(receiver) &&
    /db|database|client|pool|tx|transaction|connection|sql/i.test(receiver.text)
  );
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) if (ts.isFunctionLike(at)) return at;
  return undefined;
}

/** The top-level function or variable statement a node is in (what a reader sees as "the function"). */
function topLevel(node: ts.Node): ts.Node {
  let at = node;
  while (at.parent && !ts.isSourceFile(at.parent)) at = at.parent;
  return at;
}

// ---------------------------------------------------------------------------------------------
// The rules

const sqlInterpolation: Rule = {
  id: 'sql-interpolation',
  severity: 'essential',
  why:
    'A value written into the SQL text becomes part of the statement: a quote in it ends the string and the rest runs as SQL ' +
    '(SQL injection), and escaping quotes by hand misses cases (backslashes, encodings, numbers, column names). Pass values as ' +
    'parameters ($1, $2, … with the values in the array), and build column names only from a fixed list written in the code. ' +
    'https://owasp.org/www-community/attacks/SQL_Injection',
  check(source, report) {
    const locals = declarations(source);
    walk(source, (node) => {
      if (inMessage(node)) return;
      if (ts.isTemplateExpression(node)) {
        const params = parameterNames(node);
        const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
        node.templateSpans.forEach((span, index) => {
          if (placeholder(node, index)) return;
          const before = textBefore(node, index);
          if (!carriesInput(span.expression, params, locals)) return;
          if (!SQL_TEXT.test(text) && !SQL_OPERATOR.test(before)) return;
          report(span.expression, `\`${span.expression.getText(source)}\` is written into the SQL text.`);
        });
      }
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.PlusToken &&
        !ts.isBinaryExpression(node.parent)
      ) {
        const parts: ts.Expression[] = [];
        const flatten = (part: ts.Expression) => {
          if (ts.isBinaryExpression(part) && part.operatorToken.kind === ts.SyntaxKind.PlusToken) {
            flatten(part.left);
            flatten(part.right);
          } else parts.push(part);
        };
        flatten(node);
        const text = parts
          .filter(ts.isStringLiteralLike)
          .map((part) => part.text)
          .join(' ');
        if (!SQL_TEXT.test(text) && !parts.some((part) => ts.isStringLiteralLike(part) && SQL_OPERATOR.test(part.text)))
          return;
        const params = parameterNames(node);
        const value = parts.find((part) => !ts.isStringLiteralLike(part) && carriesInput(part, params, locals));
        if (value) report(value, `\`${value.getText(source)}\` is joined into the SQL text with +.`);
      }
    });
  },
};

const PASSWORD = /password|passwd|pwd/i;
const HASHED = /hash|digest|verify|check|rule|policy|length|min|max|param|option|config|cost/i;

/** The name an operand is known by: `password`, `user.password`, `body['password']`. */
function nameOf(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    return expression.argumentExpression.text;
  }
  return undefined;
}

const isPlainPassword = (expression: ts.Expression) => {
  const name = nameOf(expression);
  return name !== undefined && PASSWORD.test(name) && !HASHED.test(name);
};

const plainPassword: Rule = {
  id: 'plain-password',
  severity: 'essential',
  why:
    'A password must never be stored or compared as it was typed: whoever reads the database (a backup, a leak, an admin) ' +
    'would hold every user’s password, often the same one they use elsewhere. Store only a slow, salted hash (Argon2id) and ' +
    'compare with the library’s verify function, which also takes the same time whatever the input. ' +
    'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
  check(source, report) {
    walk(source, (node) => {
      if (ts.isBinaryExpression(node)) {
        const kind = node.operatorToken.kind;
        const equality = [
          ts.SyntaxKind.EqualsEqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsEqualsToken,
          ts.SyntaxKind.EqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsToken,
        ].includes(kind);
        const literal = (side: ts.Expression) =>
          ts.isStringLiteralLike(side) ||
          ts.isNumericLiteral(side) ||
          side.kind === ts.SyntaxKind.NullKeyword ||
          (ts.isIdentifier(side) && side.text === 'undefined') ||
          ts.isTypeOfExpression(side);
        if (
          equality &&
          !literal(node.left) &&
          !literal(node.right) &&
          (isPlainPassword(node.left) || isPlainPassword(node.right))
        ) {
          report(node, `\`${node.getText(source)}\` compares a password as text.`);
        }
      }
      if (ts.isCallExpression(node) && isQueryCall(node)) {
        const values = node.arguments[1];
        if (values && ts.isArrayLiteralExpression(values)) {
          for (const element of values.elements) {
            if (isPlainPassword(element))
              report(element, `\`${element.getText(source)}\` goes to the database as it was typed.`);
          }
        }
      }
    });
  },
};

const ownerScope: Rule = {
  id: 'owner-scope',
  severity: 'essential',
  why:
    'Every query on tasks must filter on the owner (`owner_id = $n`): without it, whoever guesses or sees another task’s id ' +
    'reads, changes or deletes someone else’s task (OWASP API1, broken object level authorization). Put the condition in the ' +
    'SQL itself, so no caller can forget it. https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
  check(source, report) {
    walk(source, (node) => {
      if (!ts.isStringLiteralLike(node) && !ts.isTemplateExpression(node)) return;
      const text = ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ')
        : node.text;
      if (!/\b(from|update|join|into)\s+tasks\b(?!\.)/i.test(text)) return;
      // The function (or statement) that builds the query must say owner_id somewhere: in this
      // text, or in the conditions it joins in (`['tasks.owner_id = $1', …]`).
      const scope = topLevel(node);
      if (/\bowner_id\b/.test(scope.getText(source))) return;
      report(node, 'This query on tasks does not filter on owner_id.');
    });
  },
};

const LOOP_CALLBACKS = /^(map|forEach|flatMap|reduce|filter|some|every|find)$/;

function inLoop(node: ts.Node, boundary: ts.Node | undefined): boolean {
  for (let at: ts.Node | undefined = node.parent; at && at !== boundary; at = at.parent) {
    if (
      ts.isForStatement(at) ||
      ts.isForOfStatement(at) ||
      ts.isForInStatement(at) ||
      ts.isWhileStatement(at) ||
      ts.isDoStatement(at)
    ) {
      return true;
    }
    if (ts.isFunctionLike(at)) {
      const call = at.parent;
      return (
        ts.isCallExpression(call) &&
        call.arguments.includes(at as ts.Expression) &&
        LOOP_CALLBACKS.test(calleeName(call))
      );
    }
  }
  return false;
}

const queryInLoop: Rule = {
  id: 'query-in-loop',
  severity: 'essential',
  why:
    'One query per item makes a request as slow as its longest list (each query is a round trip to the database), and ' +
    'statements run one by one can interleave with other requests: look up a tag, another request inserts it, your insert ' +
    'fails. Send the whole list in one statement: `= ANY($1::text[])`, `unnest($1::text[])`, `INSERT … SELECT … ON CONFLICT`.',
  check(source, report) {
    // Functions of this file that run a query themselves: calling one in a loop is a query per item too.
    const querying = new Set<string>();
    walk(source, (node) => {
      if (!isQueryCall(node)) return;
      const fn = enclosingFunction(node);
      const name =
        fn &&
        (ts.isFunctionDeclaration(fn)
          ? fn.name?.text
          : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
            ? fn.parent.name.text
            : undefined);
      if (name) querying.add(name);
    });
    // By the layering contract a repository holds SQL only: each function imported from one is a query.
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!/-repository(\.[jt]s)?$/.test(statement.moduleSpecifier.text)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) if (!element.isTypeOnly) querying.add(element.name.text);
    }
    walk(source, (node) => {
      if (!ts.isCallExpression(node)) return;
      const direct = isQueryCall(node);
      if (!direct && !(ts.isIdentifier(node.expression) && querying.has(node.expression.text))) return;
      if (!inLoop(node, undefined)) return;
      report(
        node,
        direct
          ? 'A query runs once per item of a loop.'
          : `\`${calleeName(node)}\` (a query) runs once per item of a loop.`,
      );
    });
  },
};

export const RULES: readonly Rule[] = [sqlInterpolation, plainPassword, ownerScope, queryInLoop];
