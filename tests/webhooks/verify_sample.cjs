// Runs the signature check of docs/frontend.md ("Webhooks") as a receiver would:
// argv[2] is the TypeScript sample, stdin {"headers": {...}, "body": "..."};
// prints whether it accepts the request.
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const ts = require(path.join(__dirname, "..", "contract", "node_modules", "typescript"));

const source = fs.readFileSync(process.argv[2], "utf8");
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
});
const sample = new Module("verify-sample");
sample.paths = module.paths;
sample._compile(outputText, "verify-sample.js");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
console.log(String(sample.exports.verify(new Headers(request.headers), request.body)));
