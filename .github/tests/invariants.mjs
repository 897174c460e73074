// Invariants of the GitHub workflows and the Dependabot configuration.
//
// Each check takes parsed input and returns a list of problems (strings); an empty list means the
// invariant holds. workflows.test.mjs runs them on the real files and on deliberately broken
// copies, so that every check is shown to be able to fail.
import fs from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";

export const SHA_PIN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.\/-]+@[0-9a-f]{40}$/;
export const VERSION_COMMENT = /^v\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?$/;
export const RELEASE_TAG_PATTERN = "v*.*.*";

/** Parses one YAML file; `doc` keeps comments (the version next to a pin), `js` is plain data. */
export function loadYaml(text, name = "<text>") {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new Error(`${name}: ${doc.errors.map((e) => e.message).join("; ")}`);
  }
  return { name, text, doc, js: doc.toJS() };
}

function jobsOf(wf) {
  const jobs = wf.js?.jobs;
  return jobs && typeof jobs === "object" ? Object.entries(jobs) : [];
}

function stepsOf(job) {
  return Array.isArray(job?.steps) ? job.steps : [];
}

/** Every `uses:` (step or reusable-workflow job) with its trailing comment. */
export function usesOf(wf) {
  const out = [];
  for (const [jobId, job] of jobsOf(wf)) {
    if (typeof job?.uses === "string") {
      const node = wf.doc.getIn(["jobs", jobId, "uses"], true);
      out.push({ where: `jobs.${jobId}.uses`, ref: job.uses, comment: node?.comment });
    }
    stepsOf(job).forEach((step, i) => {
      if (typeof step?.uses === "string") {
        const node = wf.doc.getIn(["jobs", jobId, "steps", i, "uses"], true);
        out.push({ where: `jobs.${jobId}.steps[${i}]`, ref: step.uses, comment: node?.comment });
      }
    });
  }
  return out;
}

/** Every `uses:` is owner/repo@<40-hex SHA> with the version in a comment; one pin per action. */
export function checkPinnedActions(wf) {
  const problems = [];
  for (const u of usesOf(wf)) {
    if (u.ref.startsWith("./")) continue; // a local action is versioned with the repository
    if (!SHA_PIN.test(u.ref)) {
      problems.push(`${wf.name} ${u.where}: '${u.ref}' is not pinned by a full 40-hex commit SHA`);
      continue;
    }
    const comment = (u.comment ?? "").trim();
    if (!VERSION_COMMENT.test(comment)) {
      problems.push(`${wf.name} ${u.where}: '${u.ref}' has no version comment (# vX.Y.Z), found '${comment}'`);
    }
  }
  return problems;
}

/** Across all workflows, one action is pinned to one SHA with one version comment. */
export function checkConsistentPins(workflows) {
  const seen = new Map();
  const problems = [];
  for (const wf of workflows) {
    for (const u of usesOf(wf)) {
      const [action, sha] = u.ref.split("@");
      const pin = `${sha} # ${(u.comment ?? "").trim()}`;
      const prior = seen.get(action);
      if (prior && prior.pin !== pin) {
        problems.push(`${action} is pinned as '${prior.pin}' (${prior.where}) and '${pin}' (${wf.name} ${u.where})`);
      } else if (!prior) {
        seen.set(action, { pin, where: `${wf.name} ${u.where}` });
      }
    }
  }
  return problems;
}

const SCOPES = new Set([
  "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues",
  "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses",
]);

/** `permissions: {}` at the top; each job names its own grants, with known scopes and levels. */
export function checkPermissions(wf) {
  const problems = [];
  const top = wf.js?.permissions;
  if (top === undefined) {
    problems.push(`${wf.name}: no top-level 'permissions' (must be {})`);
  } else if (top === null || typeof top !== "object" || Array.isArray(top) || Object.keys(top).length > 0) {
    problems.push(`${wf.name}: top-level 'permissions' must be the empty map {}, found ${JSON.stringify(top)}`);
  }
  for (const [jobId, job] of jobsOf(wf)) {
    const p = job?.permissions;
    if (p === undefined) {
      problems.push(`${wf.name} jobs.${jobId}: no 'permissions' (each job grants its own)`);
      continue;
    }
    if (p === null || typeof p !== "object" || Array.isArray(p)) {
      problems.push(`${wf.name} jobs.${jobId}: 'permissions' must be a map of scopes, found ${JSON.stringify(p)}`);
      continue;
    }
    for (const [scope, level] of Object.entries(p)) {
      if (!SCOPES.has(scope)) problems.push(`${wf.name} jobs.${jobId}: unknown permission scope '${scope}'`);
      const allowed = scope === "id-token" ? ["write", "none"] : ["read", "write", "none"];
      if (!allowed.includes(level)) {
        problems.push(`${wf.name} jobs.${jobId}: permission ${scope}: '${level}' is not one of ${allowed.join("/")}`);
      }
    }
  }
  return problems;
}

/** The release runs on exactly one event: a pushed tag matching v*.*.*. */
export function checkReleaseTrigger(wf) {
  const on = wf.js?.on;
  const expected = { push: { tags: [RELEASE_TAG_PATTERN] } };
  if (JSON.stringify(on) !== JSON.stringify(expected)) {
    return [`${wf.name}: trigger must be ${JSON.stringify(expected)}, found ${JSON.stringify(on)}`];
  }
  return [];
}

/** CI runs on branch pushes and pull requests and cancels superseded runs. */
export function checkCiTrigger(wf) {
  const problems = [];
  const on = wf.js?.on ?? {};
  if (!on || typeof on !== "object" || !("push" in on) || !("pull_request" in on)) {
    problems.push(`${wf.name}: must run on push and pull_request, found ${JSON.stringify(on)}`);
  }
  const c = wf.js?.concurrency;
  if (!c || typeof c !== "object" || c["cancel-in-progress"] !== true || typeof c.group !== "string") {
    problems.push(`${wf.name}: needs a concurrency group with cancel-in-progress: true`);
  }
  return problems;
}

const SIGNING_RUN = /\bcosign\s+(sign|attest)\b/;
const SIGNING_ACTIONS = /^(actions\/attest|actions\/attest-build-provenance|actions\/attest-sbom)@/;

export function signs(job) {
  return stepsOf(job).some(
    (s) => (typeof s.run === "string" && SIGNING_RUN.test(s.run)) || (typeof s.uses === "string" && SIGNING_ACTIONS.test(s.uses)),
  );
}

/** A job that signs or attests has id-token: write; a job that does not has no id-token grant. */
export function checkIdToken(wf) {
  const problems = [];
  for (const [jobId, job] of jobsOf(wf)) {
    const grant = job?.permissions?.["id-token"];
    if (signs(job) && grant !== "write") {
      problems.push(`${wf.name} jobs.${jobId}: signs or attests but has no 'id-token: write'`);
    }
    if (!signs(job) && grant === "write") {
      problems.push(`${wf.name} jobs.${jobId}: has 'id-token: write' but neither signs nor attests`);
    }
    if (stepsOf(job).some((s) => typeof s.uses === "string" && SIGNING_ACTIONS.test(s.uses)) && job?.permissions?.attestations !== "write") {
      problems.push(`${wf.name} jobs.${jobId}: creates a GitHub attestation but has no 'attestations: write'`);
    }
  }
  return problems;
}

/**
 * docs/decisions/0603: cosign v3 writes the legacy .sig/.att format here (what the project plugin
 * writes and containers/image reads), and verification reads it even when a Sigstore bundle (the
 * GitHub provenance) is attached as an OCI referrer.
 */
export function checkCosignFormat(wf) {
  const problems = [];
  for (const [jobId, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      if (typeof s.run !== "string") continue;
      for (const cmd of commandsIn(s.run)) {
        const m = /^cosign\s+(sign|attest|verify-attestation|verify)(?=\s|$)/.exec(cmd);
        if (!m) continue;
        const needs = m[1] === "sign" || m[1] === "attest"
          ? ["--new-bundle-format=false", "--use-signing-config=false"]
          : ["--new-bundle-format=false"];
        for (const flag of needs) {
          if (!cmd.includes(flag)) problems.push(`${wf.name} jobs.${jobId} '${s.name}': 'cosign ${m[1]}' without ${flag}`);
        }
      }
    }
  }
  return problems;
}

/** The Trivy gate: CRITICAL, fixable only, non-zero exit. */
export function checkTrivyGate(wf) {
  const steps = jobsOf(wf).flatMap(([, job]) => stepsOf(job)).filter((s) => typeof s.uses === "string" && s.uses.startsWith("aquasecurity/trivy-action@"));
  if (steps.length === 0) return [`${wf.name}: no aquasecurity/trivy-action step`];
  const problems = [];
  for (const s of steps) {
    const w = s.with ?? {};
    if (w.severity !== "CRITICAL") problems.push(`${wf.name} trivy: severity must be CRITICAL, found '${w.severity}'`);
    if (String(w["ignore-unfixed"]) !== "true") problems.push(`${wf.name} trivy: ignore-unfixed must be true`);
    if (String(w["exit-code"]) !== "1") problems.push(`${wf.name} trivy: exit-code must be 1, found '${w["exit-code"]}'`);
  }
  return problems;
}

// --- commands that the workflows run must exist in the repository ------------------------------

/** Splits a `run:` script into commands: continuation lines joined, comments dropped. */
export function commandsIn(script) {
  return script
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}

function stripXmlComments(xml) {
  return xml.replace(/<!--[\s\S]*?-->/g, "");
}

/** Profiles, properties and plugin parameters the POMs of the repository define. */
export function mavenModel(root) {
  const poms = [];
  const walk = (dir, depth) => {
    if (depth > 3) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith(".") || e.name === "target" || e.name === "node_modules") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === "pom.xml" && !p.includes(`${path.sep}src${path.sep}`)) poms.push(p);
    }
  };
  walk(root, 0);
  const profiles = new Set();
  const properties = new Set();
  const referenced = new Set();
  for (const pom of poms) {
    const xml = stripXmlComments(fs.readFileSync(pom, "utf8"));
    for (const m of xml.matchAll(/<profile>\s*<id>([^<]+)<\/id>/g)) profiles.add(m[1].trim());
    for (const block of xml.matchAll(/<properties>([\s\S]*?)<\/properties>/g)) {
      for (const m of block[1].matchAll(/<([A-Za-z_][\w.-]*)\s*(\/?)>/g)) properties.add(m[1]);
    }
    for (const m of xml.matchAll(/\$\{([A-Za-z_][\w.-]*)\}/g)) referenced.add(m[1]);
  }
  // Parameters of the project's own Maven plugins (@Parameter(property = "...")).
  const pluginParams = new Set();
  const javaWalk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) javaWalk(p);
      else if (e.name.endsWith(".java")) {
        const src = fs.readFileSync(p, "utf8");
        for (const m of src.matchAll(/@Parameter\s*\([^)]*property\s*=\s*"([^"]+)"/g)) pluginParams.add(m[1]);
      }
    }
  };
  for (const pom of poms) {
    const xml = fs.readFileSync(pom, "utf8");
    if (/<packaging>\s*maven-plugin\s*<\/packaging>/.test(xml)) javaWalk(path.join(path.dirname(pom), "src", "main", "java"));
  }
  return { poms: poms.map((p) => path.relative(root, p)), profiles, properties, referenced, pluginParams };
}

function shellWords(cmd) {
  const words = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of cmd.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/**
 * For every `run:`: ./mvnw and scripts/... exist (and are executable when run directly); every
 * Maven -P profile exists in a POM; every -Dname=... is a property a POM defines or uses, or a
 * parameter of the project's own plugin.
 */
export function checkCommandsExist(wf, root, model = mavenModel(root)) {
  const problems = [];
  for (const [jobId, job] of jobsOf(wf)) {
    for (const s of stepsOf(job)) {
      if (typeof s.run !== "string") continue;
      const where = `${wf.name} jobs.${jobId} '${s.name ?? "run"}'`;
      for (const cmd of commandsIn(s.run)) {
        const words = shellWords(cmd);
        for (const w of words) {
          const m = /^(?:\.\/)?((?:scripts|\.github)\/[\w./-]+\.(?:sh|mjs|js|py))$/.exec(w);
          if (m) {
            const p = path.join(root, m[1]);
            if (!fs.existsSync(p)) problems.push(`${where}: ${m[1]} does not exist`);
            else if (words[0] === w && !(fs.statSync(p).mode & 0o111)) problems.push(`${where}: ${m[1]} is not executable`);
          }
        }
        const mvn = words.indexOf("./mvnw");
        if (/(^|\s)(mvn|\.\/mvnw|mvnw)(\s|$)/.test(cmd) && mvn < 0) {
          problems.push(`${where}: runs Maven other than through ./mvnw: '${cmd}'`);
        }
        if (mvn < 0) continue;
        const wrapper = path.join(root, "mvnw");
        if (!fs.existsSync(wrapper)) problems.push(`${where}: ./mvnw does not exist`);
        else if (!(fs.statSync(wrapper).mode & 0o111)) problems.push(`${where}: ./mvnw is not executable`);
        if (!fs.existsSync(path.join(root, ".mvn", "wrapper", "maven-wrapper.properties"))) {
          problems.push(`${where}: .mvn/wrapper/maven-wrapper.properties does not exist`);
        }
        const args = words.slice(mvn + 1);
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          let profiles = null;
          if (a === "-P" || a === "--activate-profiles") profiles = args[++i] ?? "";
          else if (a.startsWith("-P")) profiles = a.slice(2);
          if (profiles !== null) {
            for (const p of profiles.split(",").map((x) => x.replace(/^[!?-]+/, "").trim()).filter(Boolean)) {
              if (!model.profiles.has(p)) problems.push(`${where}: Maven profile '${p}' is in no POM (${[...model.profiles].join(", ") || "none"})`);
            }
          }
          let prop = null;
          if (a === "-D" || a === "--define") prop = args[++i] ?? "";
          else if (a.startsWith("-D")) prop = a.slice(2);
          if (prop !== null) {
            const name = prop.split("=")[0];
            if (!model.properties.has(name) && !model.referenced.has(name) && !model.pluginParams.has(name)) {
              problems.push(`${where}: Maven property '${name}' is neither defined nor used by any POM, nor a parameter of the project's plugins`);
            }
          }
        }
      }
    }
  }
  return problems;
}

// --- Dependabot ---------------------------------------------------------------------------------

const ECOSYSTEMS = new Set([
  "bundler", "cargo", "composer", "devcontainers", "docker", "docker-compose", "dotnet-sdk", "elm",
  "github-actions", "gitsubmodule", "gomod", "gradle", "helm", "maven", "mix", "npm", "nuget", "pip",
  "pub", "swift", "terraform", "uv",
]);
const INTERVALS = new Set(["daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "cron"]);

/**
 * The configuration GitHub accepts (version 2, known ecosystems, a schedule) and the three
 * ecosystems issue 6 asks for, each pointing at a directory that holds what it updates.
 */
export function checkDependabot(cfg, root) {
  const problems = [];
  const d = cfg.js;
  if (d?.version !== 2) problems.push(`${cfg.name}: version must be 2`);
  const updates = Array.isArray(d?.updates) ? d.updates : [];
  if (updates.length === 0) problems.push(`${cfg.name}: no updates`);
  const allowedKeys = new Set([
    "package-ecosystem", "directory", "directories", "schedule", "groups", "labels", "commit-message",
    "open-pull-requests-limit", "ignore", "allow", "assignees", "reviewers", "milestone", "rebase-strategy",
    "target-branch", "versioning-strategy", "registries", "insecure-external-code-execution", "pull-request-branch-name",
    "vendor", "cooldown", "exclude-paths", "multi-ecosystem-group", "patterns",
  ]);
  for (const [i, u] of updates.entries()) {
    const where = `${cfg.name} updates[${i}]`;
    for (const k of Object.keys(u ?? {})) if (!allowedKeys.has(k)) problems.push(`${where}: unknown key '${k}'`);
    if (!ECOSYSTEMS.has(u?.["package-ecosystem"])) problems.push(`${where}: unknown package-ecosystem '${u?.["package-ecosystem"]}'`);
    if (typeof u?.directory !== "string" || !u.directory.startsWith("/")) problems.push(`${where}: directory must be an absolute repository path`);
    if (!INTERVALS.has(u?.schedule?.interval)) problems.push(`${where}: schedule.interval '${u?.schedule?.interval}' is not valid`);
  }
  const want = {
    maven: { dir: "/", file: "pom.xml" },
    "github-actions": { dir: "/", file: ".github/workflows" },
    docker: { dir: "/gateway-image/src/main/docker", file: "Dockerfile" },
  };
  for (const [eco, { dir, file }] of Object.entries(want)) {
    const u = updates.find((x) => x?.["package-ecosystem"] === eco);
    if (!u) {
      problems.push(`${cfg.name}: no '${eco}' ecosystem`);
      continue;
    }
    if (u.directory !== dir) problems.push(`${cfg.name}: '${eco}' directory must be '${dir}', found '${u.directory}'`);
  }
  for (const u of updates) {
    if (typeof u?.directory !== "string") continue;
    const eco = u["package-ecosystem"];
    const file = eco === "github-actions" ? ".github/workflows" : eco === "maven" ? "pom.xml" : eco === "npm" ? "package.json" : eco === "docker" ? "Dockerfile" : null;
    if (file && !fs.existsSync(path.join(root, u.directory, file))) {
      problems.push(`${cfg.name}: '${eco}' at '${u.directory}' but ${path.posix.join(u.directory, file)} does not exist`);
    }
  }
  return problems;
}

// --- `./mvnw deploy` pushes the image only --------------------------------------------------------

function ownProperty(xml, name) {
  for (const block of xml.matchAll(/<properties>([\s\S]*?)<\/properties>/g)) {
    const m = new RegExp(`<${name.replace(/\./g, "\\.")}>\\s*([^<]*?)\\s*</${name.replace(/\./g, "\\.")}>`).exec(block[1]);
    if (m) return m[1];
  }
  return undefined;
}

/** The reactor: the root POM and, recursively, its <modules>, each with its parent's path. */
export function reactor(root) {
  const out = [];
  const visit = (dir, parent) => {
    const pom = path.join(dir, "pom.xml");
    if (!fs.existsSync(pom)) return;
    const xml = stripXmlComments(fs.readFileSync(pom, "utf8"));
    const entry = { pom: path.relative(root, pom) || "pom.xml", xml, parent };
    out.push(entry);
    for (const m of xml.matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)) visit(path.join(dir, m[1]), entry);
  };
  visit(root, null);
  return out;
}

/**
 * There is no remote Maven repository: a workflow that runs `./mvnw ... deploy` relies on every
 * reactor module skipping maven-deploy-plugin (maven.deploy.skip=true, own or inherited), unless a
 * <distributionManagement> names a repository. Otherwise the release dies on the first module.
 */
export function checkDeploySkipped(wf, root) {
  const runsDeploy = jobsOf(wf).some(([, job]) => stepsOf(job).some((s) =>
    typeof s.run === "string" && commandsIn(s.run).some((c) => /(^|\s)\.\/mvnw\s/.test(c) && /(^|\s)deploy(\s|$)/.test(c))));
  if (!runsDeploy) return [];
  const problems = [];
  for (const m of reactor(root)) {
    let skip;
    let dist = false;
    for (let e = m; e; e = e.parent) {
      if (skip === undefined) skip = ownProperty(e.xml, "maven.deploy.skip");
      dist ||= /<distributionManagement>/.test(e.xml);
    }
    if (skip !== "true" && !dist) {
      problems.push(`${wf.name}: runs ./mvnw deploy, but ${m.pom} would deploy its artifacts (no maven.deploy.skip=true, no <distributionManagement>)`);
    }
  }
  return problems;
}
