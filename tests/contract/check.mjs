// What `tsc --strict` alone lets through, refused here with TypeScript's own parser:
//   node check.mjs consumer.ts cms-api.d.ts
// - in the consumer: `any`, `as` casts, `<T>x` assertions, non-null `!`, @ts- comments;
// - in the generated types, under components.schemas: `unknown`, `any` and
//   `Record<...>`, which openapi-typescript writes for open or untyped objects.
// Prints one line per finding and exits 1 when there is any.
import { readFileSync } from "node:fs";
import ts from "typescript";

const [consumerPath, typesPath] = process.argv.slice(2);
const findings = [];

function parse(path) {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
}

function report(file, node, what) {
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  findings.push(`${file.fileName}:${line + 1}: ${what}: ${node.getText(file).slice(0, 80)}`);
}

function walk(node, visit) {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

const consumer = parse(consumerPath);
walk(consumer, (node) => {
  if (node.kind === ts.SyntaxKind.AnyKeyword) report(consumer, node, "any");
  if (ts.isAsExpression(node)) report(consumer, node, "cast");
  if (ts.isTypeAssertionExpression(node)) report(consumer, node, "cast");
  if (ts.isNonNullExpression(node)) report(consumer, node, "non-null assertion");
});
if (/@ts-(ignore|expect-error|nocheck)/.test(consumer.text)) {
  findings.push(`${consumerPath}: @ts- comment`);
}

const types = parse(typesPath);
let schemas = null;
walk(types, (node) => {
  if (
    ts.isInterfaceDeclaration(node) &&
    node.name.text === "components"
  ) {
    for (const member of node.members) {
      if (member.name && member.name.getText(types) === "schemas") schemas = member;
    }
  }
});
if (schemas === null) {
  findings.push(`${typesPath}: no components.schemas`);
} else {
  walk(schemas, (node) => {
    if (node.kind === ts.SyntaxKind.UnknownKeyword) report(types, node.parent, "unknown");
    if (node.kind === ts.SyntaxKind.AnyKeyword) report(types, node.parent, "any");
    if (ts.isTypeReferenceNode(node) && node.typeName.getText(types) === "Record") {
      report(types, node, "Record");
    }
  });
}

for (const finding of findings) console.log(finding);
process.exit(findings.length ? 1 : 0);
