#!/usr/bin/env node
// Lint Cypher statements by Neo4j 5's rules, offline, with Neo4j's own Cypher language
// support (npm @neo4j-cypher/language-support, pinned in package.json).
//
// stdin, one of:
//   ["MATCH (n) RETURN n", ...]
//   {"statements": [...], "schema": {
//       "labels": [...], "relationshipTypes": [...], "propertyKeys": [...],
//       "procedures": [...],   // names, looked up in the library's bundled Neo4j catalogue
//                              // (CYPHER 5), or full Neo4jProcedure objects
//       "functions": [...] | "builtin",  // optional, same forms; "builtin" = all built-ins
//       "parameters": [...] | {...}      // optional, names or {name: value}
//   }}
// stdout: a JSON array, one entry per statement:
//   {"statement": "...", "errors": [diag], "warnings": [diag]}
//   diag = {"message", "line", "column", "endLine", "endColumn", "offset", "endOffset"}
//   (line and column 1-based as in Neo4j's own messages, offsets 0-based), plus
//   "deprecated": true on deprecation warnings.
//
// What the library checks depends on what the schema declares:
//   - syntax and semantic errors (undefined variables, ...) always;
//   - unknown labels / relationship types (warnings) only if both lists are given;
//   - unknown property keys (warnings) only if propertyKeys is given;
//   - unknown procedures (errors) and YIELD columns only if procedures is given;
//   - unknown functions (errors) only if functions is given;
//   - undeclared $parameters (errors) only if parameters is given: without it they are
//     not reported (the library would otherwise report every parameter).
// Every statement is linted as CYPHER 5, the language of Neo4j 5.
//
// Exit status: 0 when it ran (whatever the diagnostics), 2 on bad input, 3 when the
// library is missing or fails to load (run `npm ci` in the repository root), 1 when the
// library fails on a statement.

import { readFileSync } from 'node:fs';

const CYPHER_VERSION = 'CYPHER 5';

class BadInput extends Error {}

function fail(code, message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(code);
}

function isStringList(value) {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function readInput() {
  let text;
  try {
    text = readFileSync(0, 'utf8');
  } catch (err) {
    throw new BadInput(`cannot read stdin: ${err.message}`);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BadInput(`stdin is not JSON: ${err.message}`);
  }
  let statements;
  let schema = null;
  if (Array.isArray(data)) {
    statements = data;
  } else if (data !== null && typeof data === 'object') {
    const unknown = Object.keys(data).filter((k) => k !== 'statements' && k !== 'schema');
    if (unknown.length) throw new BadInput(`unknown top-level keys: ${unknown.join(', ')}`);
    statements = data.statements;
    schema = data.schema ?? null;
    if (schema !== null && (typeof schema !== 'object' || Array.isArray(schema))) {
      throw new BadInput('"schema" must be an object');
    }
  } else {
    throw new BadInput('stdin must be a JSON array of statements or {"statements": [...], "schema": {...}}');
  }
  if (!isStringList(statements)) {
    throw new BadInput('"statements" must be an array of strings');
  }
  return { statements, schema };
}

// Procedures or functions: a list of names (looked up in `catalogue`) or full objects.
function registry(kind, entries, catalogue) {
  if (!Array.isArray(entries)) throw new BadInput(`schema.${kind} must be an array`);
  const out = {};
  for (const entry of entries) {
    if (typeof entry === 'string') {
      const found = catalogue[entry];
      if (!found) {
        throw new BadInput(
          `schema.${kind}: ${entry} is not in the library's Neo4j catalogue; ` +
            'declare it as a full object (name, signature, argumentDescription, returnDescription, ...)',
        );
      }
      out[entry] = found;
    } else if (entry && typeof entry === 'object' && typeof entry.name === 'string') {
      out[entry.name] = entry;
    } else {
      throw new BadInput(`schema.${kind}: each entry must be a name or an object with a "name"`);
    }
  }
  return out;
}

function buildDbSchema(schema, catalogue) {
  const db = { defaultLanguage: CYPHER_VERSION };
  if (schema === null) return db;
  const known = ['labels', 'relationshipTypes', 'propertyKeys', 'procedures', 'functions', 'parameters'];
  const unknown = Object.keys(schema).filter((k) => !known.includes(k));
  // graphSchema is deliberately not supported: its check uses Set.prototype.union,
  // which Node.js 20 lacks.
  if (unknown.length) throw new BadInput(`unknown schema keys: ${unknown.join(', ')}`);
  for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
    if (schema[key] === undefined) continue;
    if (!isStringList(schema[key])) throw new BadInput(`schema.${key} must be an array of strings`);
    db[key] = schema[key];
  }
  if (schema.procedures !== undefined) {
    db.procedures = {
      [CYPHER_VERSION]: registry('procedures', schema.procedures, catalogue.procedures),
    };
  }
  if (schema.functions !== undefined) {
    const entries =
      schema.functions === 'builtin'
        ? Object.values(catalogue.functions).filter((f) => f.isBuiltIn)
        : schema.functions;
    db.functions = { [CYPHER_VERSION]: registry('functions', entries, catalogue.functions) };
  }
  if (schema.parameters !== undefined) {
    const p = schema.parameters;
    if (isStringList(p)) {
      db.parameters = Object.fromEntries(p.map((name) => [name, null]));
    } else if (p && typeof p === 'object' && !Array.isArray(p)) {
      db.parameters = p;
    } else {
      throw new BadInput('schema.parameters must be an array of names or an object');
    }
  }
  return db;
}

function toDiag(d) {
  const out = {
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    offset: d.offsets.start,
    endOffset: d.offsets.end,
  };
  if (d.tags?.includes(DEPRECATED_TAG)) out.deprecated = true;
  return out;
}

// vscode-languageserver-types: DiagnosticSeverity.Error = 1, DiagnosticTag.Deprecated = 2.
const ERROR_SEVERITY = 1;
const DEPRECATED_TAG = 2;

let input;
try {
  input = readInput();
} catch (err) {
  if (err instanceof BadInput) fail(2, err.message);
  throw err;
}

let lib;
try {
  lib = await import('@neo4j-cypher/language-support');
} catch (err) {
  fail(3, `cannot load @neo4j-cypher/language-support (run \`npm ci\` in the repository root): ${err.message}`);
}
const { lintCypherQuery, isNotParamError, testData } = lib;
// The library's bundled catalogue of a Neo4j server's procedures and functions.
const catalogue = {
  procedures: testData?.mockSchema?.procedures?.[CYPHER_VERSION] ?? {},
  functions: testData?.mockSchema?.functions?.[CYPHER_VERSION] ?? {},
};

let dbSchema;
try {
  dbSchema = buildDbSchema(input.schema, catalogue);
} catch (err) {
  if (err instanceof BadInput) fail(2, err.message);
  throw err;
}
const checkParameters = dbSchema.parameters !== undefined;

const results = input.statements.map((statement, index) => {
  // consoleCommandsEnabled: false, so that `:param` and the like are errors: a driver
  // sends none of them.
  let diagnostics;
  try {
    ({ diagnostics } = lintCypherQuery(statement, dbSchema, { consoleCommandsEnabled: false }));
  } catch (err) {
    fail(1, `the library failed on statement ${index}: ${err.stack ?? err}`);
  }
  const kept = checkParameters ? diagnostics : diagnostics.filter(isNotParamError);
  return {
    statement,
    errors: kept.filter((d) => d.severity === ERROR_SEVERITY).map(toDiag),
    warnings: kept.filter((d) => d.severity !== ERROR_SEVERITY).map(toDiag),
  };
});

process.stdout.write(JSON.stringify(results) + '\n');
