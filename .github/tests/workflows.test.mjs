// The invariants of .github/ (see invariants.mjs), on the real files and, to show that each check
// can fail, on deliberately broken copies. Run: node --test .github/tests/ (scripts/check-workflows.sh).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  checkCiTrigger,
  checkCommandsExist,
  checkConsistentPins,
  checkCosignFormat,
  checkDependabot,
  checkDeploySkipped,
  checkIdToken,
  checkPermissions,
  checkPinnedActions,
  checkReleaseTrigger,
  checkTrivyGate,
  loadYaml,
  mavenModel,
  usesOf,
} from "./invariants.mjs";
import { lint } from "./lint.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (rel) => fs.readFileSync(path.join(root, rel), "utf8");
const CI = ".github/workflows/ci.yml";
const RELEASE = ".github/workflows/release.yml";
const DEPENDABOT = ".github/dependabot.yml";

const ci = () => loadYaml(read(CI), CI);
const release = () => loadYaml(read(RELEASE), RELEASE);
const model = mavenModel(root);

/** A broken copy: `from` must occur in the text (so a test never passes on a no-op edit). */
function broken(rel, from, to, { all = false } = {}) {
  const text = read(rel);
  assert.ok(text.includes(from), `${rel} no longer contains ${JSON.stringify(from)}: update this test`);
  return loadYaml(all ? text.split(from).join(to) : text.replace(from, to), `${rel} (broken copy)`);
}

function assertFlags(problems, pattern) {
  assert.ok(problems.length > 0, "the broken copy passed the check");
  assert.ok(problems.some((p) => pattern.test(p)), `no problem matches ${pattern}:\n${problems.join("\n")}`);
}

describe("the real workflows", () => {
  for (const [name, load] of [["ci.yml", ci], ["release.yml", release]]) {
    test(`${name}: every action pinned by a 40-hex commit SHA with a version comment`, () => {
      const wf = load();
      assert.ok(usesOf(wf).length > 0, "no uses: found");
      assert.deepEqual(checkPinnedActions(wf), []);
    });
    test(`${name}: permissions {} at the top, explicit grants per job`, () => {
      assert.deepEqual(checkPermissions(load()), []);
    });
    test(`${name}: id-token: write exactly where signing or attesting happens`, () => {
      assert.deepEqual(checkIdToken(load()), []);
    });
    test(`${name}: ./mvnw, scripts, Maven profiles and properties it uses exist`, () => {
      assert.deepEqual(checkCommandsExist(load(), root, model), []);
    });
    test(`${name}: cosign reads and writes the legacy signature format`, () => {
      assert.deepEqual(checkCosignFormat(load()), []);
    });
  }

  test("one pin per action across the workflows", () => {
    assert.deepEqual(checkConsistentPins([ci(), release()]), []);
  });

  test("ci.yml runs on push and pull_request and cancels superseded runs", () => {
    assert.deepEqual(checkCiTrigger(ci()), []);
  });

  test("ci.yml runs the whole build with the wrapper and uploads reports and the SBOM", () => {
    const steps = ci().js.jobs.verify.steps;
    assert.ok(steps.some((s) => /^\.\/mvnw -B\b.*\bverify\b/.test(s.run ?? "")), "no ./mvnw -B ... verify");
    const setupJava = steps.find((s) => (s.uses ?? "").startsWith("actions/setup-java@"));
    assert.equal(setupJava?.with?.distribution, "temurin");
    assert.equal(String(setupJava?.with?.["java-version"]), "21");
    assert.equal(setupJava?.with?.cache, "maven");
    const uploaded = steps.filter((s) => (s.uses ?? "").startsWith("actions/upload-artifact@")).map((s) => s.with.path).join("\n");
    for (const p of ["surefire-reports", "failsafe-reports", "target/bom.json"]) assert.ok(uploaded.includes(p), `${p} not uploaded`);
  });

  test("release.yml is triggered by the tag pattern v*.*.* only", () => {
    assert.deepEqual(checkReleaseTrigger(release()), []);
  });

  test("release.yml gates on Trivy: CRITICAL, fixable, exit code 1", () => {
    assert.deepEqual(checkTrivyGate(release()), []);
  });

  test("release.yml deploys with -Drevision from the tag and verifies with stock cosign", () => {
    const jobs = release().js.jobs;
    const runs = Object.values(jobs).flatMap((j) => j.steps).map((s) => s.run ?? "").join("\n");
    assert.match(runs, /\.\/mvnw -B[^\n]*deploy/);
    assert.match(runs, /-Drevision="\$VERSION"/);
    assert.match(runs, /version="\$\{REF_NAME#v\}"/);
    assert.match(runs, /cosign verify --key cosign\.pub/);
    assert.match(runs, /cosign attest[\s\S]*--type cyclonedx --predicate sbom\/bom\.json/);
    const signJob = Object.entries(jobs).find(([, j]) => (j.steps ?? []).some((s) => /cosign sign/.test(s.run ?? "")));
    assert.ok(signJob, "no job runs cosign sign");
    assert.ok(signJob[1].needs.includes("scan"), "keyless signing must wait for the Trivy scan");
    const steps = Object.values(jobs).flatMap((j) => j.steps);
    assert.ok(steps.some((s) => (s.uses ?? "").startsWith("sigstore/cosign-installer@")), "stock cosign is not installed");
    const attest = steps.find((s) => (s.uses ?? "").startsWith("actions/attest@"));
    assert.equal(String(attest?.with?.["push-to-registry"]), "true");
  });

  test("release.yml's ./mvnw deploy deploys no jar: every module skips maven-deploy", () => {
    assert.deepEqual(checkDeploySkipped(release(), root), []);
  });

  test("dependabot.yml: maven, github-actions and docker, at directories that exist", () => {
    assert.deepEqual(checkDependabot(loadYaml(read(DEPENDABOT), DEPENDABOT), root), []);
  });

  test("the POM model is read: profiles and properties of the real POMs", () => {
    assert.ok(model.poms.includes("pom.xml"));
    assert.ok(model.properties.has("revision"), "root POM property 'revision' not found");
  });

  test("schema validation and actionlint pass", () => {
    const out = spawnSync(process.execPath, [path.join(root, ".github/tests/lint.mjs")], { cwd: root, encoding: "utf8" });
    assert.equal(out.status, 0, out.stdout + out.stderr);
  });
});

describe("each check fails on a deliberately broken copy", () => {
  test("an action pinned by tag", () => {
    const wf = broken(CI, "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v7.0.1");
    assertFlags(checkPinnedActions(wf), /not pinned by a full 40-hex commit SHA/);
  });

  test("an action pinned by a short SHA", () => {
    const wf = broken(RELEASE, "aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25", "aquasecurity/trivy-action@ed142fd");
    assertFlags(checkPinnedActions(wf), /trivy-action@ed142fd' is not pinned/);
  });

  test("a SHA pin without its version comment", () => {
    const wf = broken(RELEASE, "trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0", "trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25");
    assertFlags(checkPinnedActions(wf), /has no version comment/);
  });

  test("the same action pinned two ways", () => {
    const other = broken(RELEASE, "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.0");
    assertFlags(checkConsistentPins([ci(), other]), /actions\/checkout is pinned as/);
  });

  test("top-level permissions not empty, or missing", () => {
    assertFlags(checkPermissions(broken(RELEASE, "\npermissions: {}\n", "\npermissions: write-all\n")), /must be the empty map/);
    assertFlags(checkPermissions(broken(CI, "\npermissions: {}\n", "\npermissions:\n  contents: read\n")), /must be the empty map/);
    assertFlags(checkPermissions(broken(CI, "\npermissions: {}\n", "\n")), /no top-level 'permissions'/);
  });

  test("a job without its own permissions, or with an unknown scope", () => {
    assertFlags(checkPermissions(broken(CI, "    permissions:\n      contents: read\n    steps:\n      - name: Check out\n        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n\n      - name: Set up", "    steps:\n      - name: Check out\n        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n\n      - name: Set up")), /no 'permissions'/);
    assertFlags(checkPermissions(broken(RELEASE, "      id-token: write", "      id-tokens: write")), /unknown permission scope 'id-tokens'/);
  });

  test("the release trigger widened or changed", () => {
    assertFlags(checkReleaseTrigger(broken(RELEASE, '      - "v*.*.*"', '      - "v*"')), /trigger must be/);
    assertFlags(checkReleaseTrigger(broken(RELEASE, "  push:\n    tags:", "  push:\n    branches: [main]\n    tags:")), /trigger must be/);
    assertFlags(checkReleaseTrigger(broken(RELEASE, "on:\n  push:", "on:\n  workflow_dispatch:\n  push:")), /trigger must be/);
  });

  test("the signing job without id-token: write, or id-token where nothing is signed", () => {
    assertFlags(checkIdToken(broken(RELEASE, "      id-token: write     # OIDC", "      id-token: none     # OIDC")), /signs or attests but has no 'id-token: write'/);
    assertFlags(checkIdToken(broken(RELEASE, "      contents: read\n      packages: read\n", "      contents: read\n      packages: read\n      id-token: write\n")), /jobs\.scan: has 'id-token: write' but neither signs nor attests/);
    assertFlags(checkIdToken(broken(RELEASE, "      attestations: write # store", "      attestations: read # store")), /no 'attestations: write'/);
  });

  test("a workflow that runs a script, a profile or a property the repository does not have", () => {
    assertFlags(checkCommandsExist(broken(RELEASE, "scripts/release-notes.sh", "scripts/no-such-script.sh"), root, model), /scripts\/no-such-script\.sh does not exist/);
    assertFlags(checkCommandsExist(broken(CI, "./mvnw -B -ntp verify", "./mvnw -B -ntp verify -Pno-such-profile"), root, model), /Maven profile 'no-such-profile' is in no POM/);
    assertFlags(checkCommandsExist(broken(RELEASE, "-Dimage.platforms=", "-Dimage.no-such-property=x -Dimage.platforms="), root, model), /Maven property 'image\.no-such-property'/);
    assertFlags(checkCommandsExist(broken(CI, "./mvnw -B -ntp verify", "mvn -B -ntp verify"), root, model), /other than through \.\/mvnw/);
  });

  test("commands checked against another repository: no wrapper, a profile that exists there", () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), "portway-fake-repo-"));
    try {
      fs.writeFileSync(path.join(fake, "pom.xml"), "<project><properties><revision>1</revision></properties><profiles><profile><id>there</id></profile></profiles></project>");
      const wf = broken(CI, "./mvnw -B -ntp verify", "./mvnw -B -ntp verify -Pthere -Drevision=2");
      const problems = checkCommandsExist(wf, fake);
      assertFlags(problems, /\.\/mvnw does not exist/);
      assert.ok(!problems.some((p) => /profile 'there'|property 'revision'/.test(p)), problems.join("\n"));
      assertFlags(problems, /scripts\/check-workflows\.sh does not exist/);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  test("a reactor module that would deploy its jar", () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), "portway-fake-reactor-"));
    try {
      fs.mkdirSync(path.join(fake, "a"));
      fs.mkdirSync(path.join(fake, "b"));
      fs.writeFileSync(path.join(fake, "pom.xml"), "<project><modules><module>a</module><module>b</module></modules><properties><x>1</x></properties></project>");
      fs.writeFileSync(path.join(fake, "a", "pom.xml"), "<project><properties><maven.deploy.skip>true</maven.deploy.skip></properties></project>");
      fs.writeFileSync(path.join(fake, "b", "pom.xml"), "<project><!-- <properties><maven.deploy.skip>true</maven.deploy.skip></properties> --></project>");
      const problems = checkDeploySkipped(release(), fake);
      assertFlags(problems, /b\/pom\.xml would deploy/);
      assertFlags(problems, /but pom\.xml would deploy/);
      assert.ok(!problems.some((p) => /a\/pom\.xml/.test(p)), problems.join("\n"));
      fs.writeFileSync(path.join(fake, "pom.xml"), "<project><modules><module>a</module><module>b</module></modules><properties><maven.deploy.skip>true</maven.deploy.skip></properties></project>");
      assert.deepEqual(checkDeploySkipped(release(), fake), []);
      assert.deepEqual(checkDeploySkipped(ci(), fake), [], "ci.yml does not deploy");
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  test("cosign writing the new bundle format, or verifying without reading the legacy one", () => {
    assertFlags(checkCosignFormat(broken(RELEASE, "cosign sign --yes --recursive \\\n            --new-bundle-format=false --use-signing-config=false", "cosign sign --yes --recursive \\\n            --new-bundle-format=false")), /'cosign sign' without --use-signing-config=false/);
    assertFlags(checkCosignFormat(broken(RELEASE, "cosign verify-attestation --new-bundle-format=false", "cosign verify-attestation")), /'cosign verify-attestation' without --new-bundle-format=false/);
  });

  test("a Trivy gate that does not fail the release", () => {
    assertFlags(checkTrivyGate(broken(RELEASE, 'exit-code: "1"', 'exit-code: "0"')), /exit-code must be 1/);
    assertFlags(checkTrivyGate(broken(RELEASE, "severity: CRITICAL", "severity: HIGH,CRITICAL")), /severity must be CRITICAL/);
    assertFlags(checkTrivyGate(broken(RELEASE, "ignore-unfixed: true", "ignore-unfixed: false")), /ignore-unfixed must be true/);
  });

  test("CI that does not cancel superseded runs", () => {
    assertFlags(checkCiTrigger(broken(CI, "cancel-in-progress: true", "cancel-in-progress: false")), /cancel-in-progress/);
  });

  test("dependabot without docker, with a bad schedule, or at a directory that does not exist", () => {
    const d = (from, to) => checkDependabot(broken(DEPENDABOT, from, to), root);
    assertFlags(d("package-ecosystem: docker", "package-ecosystem: dockerr"), /no 'docker' ecosystem/);
    assertFlags(d("interval: weekly", "interval: fortnightly"), /schedule\.interval 'fortnightly'/);
    assertFlags(d("directory: /gateway-image/src/main/docker", "directory: /no/such/dir"), /'docker' directory must be/);
    assertFlags(d("directory: /.github/tests", "directory: /.github/no-such"), /package\.json does not exist/);
  });

  test("schema validation and actionlint reject broken workflows", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portway-broken-"));
    try {
      const schemaBroken = path.join(tmp, "schema.yml");
      const text = read(RELEASE);
      assert.ok(text.includes("    runs-on: ubuntu-24.04\n"));
      fs.writeFileSync(schemaBroken, text.replace("    runs-on: ubuntu-24.04\n", "    runs-onn: ubuntu-24.04\n"));
      const exprBroken = path.join(tmp, "expr.yml");
      assert.ok(text.includes("needs.build.outputs.digest"));
      fs.writeFileSync(exprBroken, text.replace("needs.build.outputs.digest", "needs.buidl.outputs.digest"));
      const log = [];
      const orig = console.log;
      console.log = (...a) => log.push(a.join(" "));
      let failures;
      try {
        failures = [lint([schemaBroken]), lint([exprBroken])];
      } finally {
        console.log = orig;
      }
      const out = log.join("\n");
      assert.ok(failures[0] >= 1, `the schema copy passed:\n${out}`);
      assert.match(out, /schema {5}FAIL .*schema\.yml/);
      assert.ok(failures[1] >= 1, `the expression copy passed:\n${out}`);
      assert.match(out, /actionlint FAIL .*expr\.yml[\s\S]*buidl/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("scripts/release-notes.sh", () => {
  const digest = `sha256:${"ab".repeat(32)}`;
  const notes = (...args) => spawnSync(path.join(root, "scripts/release-notes.sh"), args, { encoding: "utf8" });

  test("prints the verify commands for the digest and the workflow identity", () => {
    const r = notes("ghcr.io/acme/portway", digest, "1.2.3", "Acme/portway");
    assert.equal(r.status, 0, r.stderr);
    const ref = `ghcr.io/acme/portway@${digest}`;
    assert.ok(r.stdout.includes(`docker pull ghcr.io/acme/portway:1.2.3`));
    assert.ok(r.stdout.includes(`cosign verify --key cosign.pub --insecure-ignore-tlog=true --new-bundle-format=false \\\n  ${ref}`));
    assert.ok(r.stdout.includes("--certificate-identity https://github.com/Acme/portway/.github/workflows/release.yml@refs/tags/v1.2.3"));
    assert.ok(r.stdout.includes("--certificate-oidc-issuer https://token.actions.githubusercontent.com"));
    assert.ok(r.stdout.includes("cosign verify-attestation --new-bundle-format=false --type cyclonedx"));
    assert.ok(r.stdout.includes(`cosign verify-attestation --key cosign.pub --insecure-ignore-tlog=true --new-bundle-format=false \\\n  --type cyclonedx ${ref}`));
    assert.ok(r.stdout.includes(`gh attestation verify oci://${ref} --owner Acme`));
    assert.ok(r.stdout.includes("sha256sum -c sha256sums.txt"));
  });

  test("rejects a digest, version or image name that is not well-formed", () => {
    assert.equal(notes("ghcr.io/acme/portway", "sha256:abc", "1.2.3", "Acme/portway").status, 2);
    assert.equal(notes("ghcr.io/acme/portway", digest, "v1.2.3", "Acme/portway").status, 2);
    assert.equal(notes("ghcr.io/Acme/Portway", digest, "1.2.3", "Acme/portway").status, 2);
    assert.equal(notes("ghcr.io/acme/portway", digest, "1.2.3").status, 2);
  });
});

// The shell of release.yml's own steps, run here with a stand-in `docker` on PATH that answers
// `buildx imagetools` from files: what can be run without GitHub, is.
describe("release.yml steps, run with a stand-in docker", () => {
  const steps = () => release().js.jobs;
  const findStep = (job, pred) => {
    const s = steps()[job].steps.find(pred);
    assert.ok(s?.run, `step not found in ${job}`);
    return s.run;
  };
  const digest = `sha256:${"ab".repeat(32)}`;
  const index = (platforms) => JSON.stringify({
    schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", digest, size: 1,
    manifests: platforms.map((p) => { const [os_, architecture, variant] = p.split("/"); return { platform: { os: os_, architecture, ...(variant ? { variant } : {}) } }; }),
  });

  function runStep(script, env, files = {}, { inDir = false } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portway-step-"));
    try {
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
      fs.writeFileSync(path.join(dir, "docker"), `#!/usr/bin/env bash
echo "$*" >> "${dir}/docker.log"
case "$*" in
  "buildx imagetools create"*) exit 0 ;;
  *"{{json .Manifest}}"*) ref="\${4:-}"; f="${dir}/manifest.json"; [[ -f "${dir}/manifest-\${ref##*:}.json" ]] && f="${dir}/manifest-\${ref##*:}.json"; cat "$f" ;;
  *"{{json .Image}}"*) cat "${dir}/image.json" ;;
  *) echo "unexpected: $*" >&2; exit 99 ;;
esac
`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, "output"), "");
      const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script], {
        encoding: "utf8",
        cwd: inDir ? dir : undefined,
        env: { PATH: `${dir}:${process.env.PATH}`, RUNNER_TEMP: dir, GITHUB_OUTPUT: path.join(dir, "output"), GITHUB_STEP_SUMMARY: path.join(dir, "summary"), ...env },
      });
      const read_ = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : "");
      return { status: r.status, out: r.stdout + r.stderr, output: read_("output"), docker: read_("docker.log") };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test("version from the tag: vX.Y.Z[-pre] accepted, anything else refused", () => {
    const script = findStep("build", (s) => s.id === "version");
    const ok = runStep(script, { REF_NAME: "v1.2.3", GITHUB_REPOSITORY: "Acme/Portway", REGISTRY: "ghcr.io" });
    assert.equal(ok.status, 0, ok.out);
    assert.match(ok.output, /^version=1\.2\.3$/m);
    assert.match(ok.output, /^prerelease=false$/m);
    assert.match(ok.output, /^image=ghcr\.io\/acme\/portway$/m);
    const rc = runStep(script, { REF_NAME: "v0.4.0-rc.1", GITHUB_REPOSITORY: "acme/portway", REGISTRY: "ghcr.io" });
    assert.match(rc.output, /^prerelease=true$/m);
    for (const bad of ["v1.2", "v1.2.3+build.5", "v01.2.3", "v1.2.3.4", "1.2.3x"]) {
      const r = runStep(script, { REF_NAME: bad, GITHUB_REPOSITORY: "acme/portway", REGISTRY: "ghcr.io" });
      assert.notEqual(r.status, 0, `${bad} was accepted`);
    }
  });

  test("the signing key is checked against cosign.pub before anything is pushed", () => {
    const script = findStep("build", (s) => (s.name ?? "").startsWith("Check the signing key"));
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), "portway-keys-"));
    try {
      const pub = (name) => {
        const key = path.join(keys, `${name}.key`);
        const gen = spawnSync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key], { encoding: "utf8" });
        assert.equal(gen.status, 0, gen.stderr);
        const out = spawnSync("openssl", ["pkey", "-in", key, "-pubout"], { encoding: "utf8" });
        assert.equal(out.status, 0, out.stderr);
        return out.stdout;
      };
      const a = pub("a");
      const b = pub("b");
      // stand-in for `cosign public-key --key env://COSIGN_PRIVATE_KEY`: prints the key the secret "is"
      const cosign = '#!/usr/bin/env bash\n[[ "$*" == "public-key --key env://COSIGN_PRIVATE_KEY" ]] || exit 98\nprintf "%s" "$DERIVED_PUB"\n';
      const secrets = { COSIGN_PRIVATE_KEY: "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----", COSIGN_PASSWORD: "pw" };
      // the stand-in cosign is one of the step's files, on PATH; make it executable first
      const withExec = (env, files) => runStep(`chmod +x ./cosign; ${script}`, env, { cosign, ...files }, { inDir: true });
      const ok = withExec({ ...secrets, DERIVED_PUB: a }, { "cosign.pub": a });
      assert.equal(ok.status, 0, ok.out);
      const mismatch = withExec({ ...secrets, DERIVED_PUB: b }, { "cosign.pub": a });
      assert.notEqual(mismatch.status, 0);
      assert.match(mismatch.out, /does not match the committed cosign\.pub/);
      const noPub = withExec({ ...secrets, DERIVED_PUB: a }, {});
      assert.notEqual(noPub.status, 0);
      assert.match(noPub.out, /cosign\.pub is not committed/);
      const noSecret = withExec({ COSIGN_PRIVATE_KEY: "", COSIGN_PASSWORD: "pw", DERIVED_PUB: a }, { "cosign.pub": a });
      assert.notEqual(noSecret.status, 0);
      assert.match(noSecret.out, /set the secrets COSIGN_PRIVATE_KEY and COSIGN_PASSWORD/);
    } finally {
      fs.rmSync(keys, { recursive: true, force: true });
    }
  });

  test("digest resolved from the registry; an index without arm64 stops the release", () => {
    const script = findStep("build", (s) => s.id === "digest");
    const env = { IMAGE: "ghcr.io/acme/portway", VERSION: "1.2.3" };
    const ok = runStep(script, env, { "manifest.json": index(["linux/amd64", "linux/arm64/v8", "unknown/unknown"]) });
    assert.equal(ok.status, 0, ok.out);
    assert.equal(ok.output.trim(), `digest=${digest}`);
    assert.match(ok.docker, /buildx imagetools inspect ghcr\.io\/acme\/portway:1\.2\.3 --format \{\{json \.Manifest\}\}/);
    const noArm = runStep(script, env, { "manifest.json": index(["linux/amd64"]) });
    assert.notEqual(noArm.status, 0);
    assert.match(noArm.out, /has no linux\/arm64 image/);
    const noDigest = runStep(script, env, { "manifest.json": "{}" });
    assert.notEqual(noDigest.status, 0);
  });

  test("image labels must match metadata-action's version, revision and source", () => {
    const script = findStep("build", (s) => (s.name ?? "").startsWith("Compare the image labels"));
    const src = "https://github.com/Acme/portway";
    const labels = (v, r, source = src) => ({ config: { Labels: { "org.opencontainers.image.version": v, "org.opencontainers.image.revision": r, "org.opencontainers.image.source": source } } });
    const meta = JSON.stringify({ labels: { "org.opencontainers.image.version": "1.2.3", "org.opencontainers.image.revision": "c0ffee", "org.opencontainers.image.source": src } });
    const env = { IMAGE: "ghcr.io/acme/portway", DIGEST: digest, META_JSON: meta };
    const ok = runStep(script, env, { "image.json": JSON.stringify({ "linux/amd64": labels("1.2.3", "c0ffee"), "linux/arm64": labels("1.2.3", "c0ffee") }) });
    assert.equal(ok.status, 0, ok.out);
    const bad = runStep(script, env, { "image.json": JSON.stringify({ "linux/amd64": labels("1.2.3", "c0ffee"), "linux/arm64": labels("1.2.3-SNAPSHOT", "c0ffee") }) });
    assert.notEqual(bad.status, 0);
    assert.match(bad.out, /linux\/arm64 label org\.opencontainers\.image\.version is '1\.2\.3-SNAPSHOT'/);
    const missing = runStep(script, env, { "image.json": JSON.stringify({ "linux/amd64": { config: { Labels: {} } }, "linux/arm64": labels("1.2.3", "c0ffee") }) });
    assert.notEqual(missing.status, 0);
    const fork = runStep(script, env, { "image.json": JSON.stringify({ "linux/amd64": labels("1.2.3", "c0ffee", "https://github.com/portway-dev/portway"), "linux/arm64": labels("1.2.3", "c0ffee") }) });
    assert.notEqual(fork.status, 0);
    assert.match(fork.out, /linux\/amd64 label org\.opencontainers\.image\.source/);
  });

  test("release files: SBOM, cosign.pub and sha256sums.txt that checks them, notes with the digest", () => {
    const script = findStep("publish", (s) => (s.name ?? "").startsWith("Checksums and release notes"));
    const env = { IMAGE: "ghcr.io/acme/portway", DIGEST: digest, VERSION: "1.2.3", GITHUB_REPOSITORY: "Acme/portway", GITHUB_SERVER_URL: "https://github.com" };
    const prepare = `mkdir -p sbom scripts && mv bom.json bom.xml sbom/ && ln -s "${path.join(root, "scripts", "release-notes.sh")}" scripts/release-notes.sh`;
    const check = "cd dist && sha256sum -c sha256sums.txt && ls && grep -c . sha256sums.txt && grep -F \"$IMAGE@$DIGEST\" notes.md | head -1";
    const r = runStep(`${prepare}\n${script}\n${check}`, env, { "bom.json": "{\"bomFormat\":\"CycloneDX\"}", "bom.xml": "<bom/>", "cosign.pub": "-----BEGIN PUBLIC KEY-----\n" }, { inDir: true });
    assert.equal(r.status, 0, r.out);
    for (const f of ["portway-1.2.3-bom.cdx.json: OK", "portway-1.2.3-bom.cdx.xml: OK", "cosign.pub: OK"]) assert.ok(r.out.includes(f), `${f} missing:\n${r.out}`);
    assert.match(r.out, /^3$/m, "sha256sums.txt must list exactly the three files");
    assert.ok(r.out.includes(`docker pull ghcr.io/acme/portway@${digest}`), r.out);
  });

  test("floating tags are added to the signed digest and checked", () => {
    const script = findStep("publish", (s) => (s.name ?? "").startsWith("Add the floating tags"));
    const tags = ["ghcr.io/acme/portway:1.2.3", "ghcr.io/acme/portway:1.2", "ghcr.io/acme/portway:1", "ghcr.io/acme/portway:sha-c0ffee1"].join("\n");
    const env = { IMAGE: "ghcr.io/acme/portway", DIGEST: digest, TAGS: tags };
    const ok = runStep(script, env, { "manifest.json": index(["linux/amd64", "linux/arm64"]) });
    assert.equal(ok.status, 0, ok.out);
    assert.match(ok.docker, new RegExp(`^buildx imagetools create --tag ghcr.io/acme/portway:1.2.3 --tag ghcr.io/acme/portway:1.2 --tag ghcr.io/acme/portway:1 --tag ghcr.io/acme/portway:sha-c0ffee1 ghcr.io/acme/portway@${digest}$`, "m"));
    const moved = runStep(script, env, {
      "manifest.json": index(["linux/amd64", "linux/arm64"]),
      "manifest-1.json": JSON.stringify({ digest: `sha256:${"cd".repeat(32)}` }),
    });
    assert.notEqual(moved.status, 0);
    assert.match(moved.out, /ghcr\.io\/acme\/portway:1 points at sha256:cdcd/);
  });
});
