package dev.portway.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real registry (docker-registry on {@code cosign.it.registry}, started by scripts/provision.sh):
 * synthetic two-platform images pushed through the distribution API, signed, attested, verified, and each
 * forgery the verifier must refuse.
 */
class RegistrySigningIT {
    private static final String REGISTRY = System.getProperty("cosign.it.registry", "127.0.0.1:5000");
    private static RegistryClient registry;
    private static KeyPair key;
    private static ObjectNode bom;

    @BeforeAll
    static void setUp() throws Exception {
        registry = new RegistryClient(REGISTRY, Set.of(), Optional.empty());
        key = CosignKeys.generate();
        bom = Payloads.JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", "1.6");
    }

    @Test
    void signedIndexAndEachPlatformVerify() throws Exception {
        ImageReference image = pushIndex(freshRepository(), "1.0");
        ResolvedImage signed = signer(key).sign(image);
        signer(key).attest(image, signed.digest(), Payloads.CYCLONEDX_PREDICATE, bom);

        ResolvedImage verified = new ImageVerifier(registry, key.getPublic()).verifySignatures(image, signed.digest());
        assertThat(verified.platformDigests()).hasSize(2);
        JsonNode predicate = new ImageVerifier(registry, key.getPublic())
                .verifyAttestation(image, signed.digest(), Payloads.CYCLONEDX_PREDICATE);
        assertThat(predicate).isEqualTo(bom);

        for (String digest : signed.allDigests()) {
            JsonNode manifest = registry.manifest(image.repository(), Sha256.tagFor(digest, ".sig")).orElseThrow().json();
            assertThat(manifest.path("mediaType").asText()).isEqualTo(RegistryClient.OCI_MANIFEST);
            assertThat(manifest.at("/config/mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
            assertThat(manifest.path("layers")).hasSize(1);
            assertThat(manifest.at("/layers/0/mediaType").asText()).isEqualTo(SignatureStore.SIMPLE_SIGNING);
            byte[] payload = registry.blob(image.repository(), manifest.at("/layers/0/digest").asText());
            assertThat(payload).isEqualTo(Payloads.simpleSigning(image.dockerReference(), digest));
        }
        JsonNode att = registry.manifest(image.repository(), Sha256.tagFor(signed.digest(), ".att")).orElseThrow().json();
        assertThat(att.at("/layers/0/mediaType").asText()).isEqualTo(SignatureStore.DSSE_ENVELOPE);
        assertThat(att.at("/layers/0/annotations/predicateType").asText()).isEqualTo(Payloads.CYCLONEDX_PREDICATE);
    }

    /** openssl checks the stored bytes with nothing from this plugin: the signature, and the DSSE PAE. */
    @Test
    void opensslVerifiesTheStoredSignatures(@TempDir Path dir) throws Exception {
        ImageReference image = pushIndex(freshRepository(), "1.0");
        ResolvedImage signed = signer(key).sign(image);
        signer(key).attest(image, signed.digest(), Payloads.CYCLONEDX_PREDICATE, bom);
        Path pub = Files.writeString(dir.resolve("pub.pem"), CosignKeys.publicKeyPem(key.getPublic()));

        SignatureStore.Layer sig = new SignatureStore(registry).layers(image.repository(), signed.digest(), ".sig").orElseThrow().get(0);
        byte[] der = Base64.getDecoder().decode(sig.annotations().get(SignatureStore.SIGNATURE_ANNOTATION));
        assertThat(openssl(pub, Files.write(dir.resolve("sig.der"), der), Files.write(dir.resolve("payload"), sig.payload())))
                .isEqualTo("Verified OK");
        Files.write(dir.resolve("payload"), (new String(sig.payload(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8));
        assertThat(openssl(pub, dir.resolve("sig.der"), dir.resolve("payload"))).isEqualTo("Verification failure");

        SignatureStore.Layer att = new SignatureStore(registry).layers(image.repository(), signed.digest(), ".att").orElseThrow().get(0);
        JsonNode envelope = Payloads.JSON.readTree(att.payload());
        byte[] statement = Base64.getDecoder().decode(envelope.path("payload").asText());
        Files.write(dir.resolve("pae"), Payloads.pae(envelope.path("payloadType").asText(), statement));
        Files.write(dir.resolve("att.der"), Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText()));
        assertThat(openssl(pub, dir.resolve("att.der"), dir.resolve("pae"))).isEqualTo("Verified OK");
    }

    @Test
    void signaturesAreAppendedNotOverwritten() throws Exception {
        ImageReference image = pushSingle(freshRepository(), "1.0", "amd64");
        KeyPair second = CosignKeys.generate();
        String digest = signer(key).sign(image).digest();
        signer(key).sign(image);
        signer(second).sign(image);

        assertThat(new SignatureStore(registry).layers(image.repository(), digest, ".sig").orElseThrow())
                .as("a re-run with the same key adds nothing; another key appends").hasSize(2);
        new ImageVerifier(registry, key.getPublic()).verifySignatures(image, digest);
        new ImageVerifier(registry, second.getPublic()).verifySignatures(image, digest);
    }

    @Test
    void rejectsUnsignedImage() throws Exception {
        ImageReference image = pushIndex(freshRepository(), "1.0");
        assertThatThrownBy(() -> verify(image, key)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("has no signature (no tag sha256-");
    }

    @Test
    void rejectsWrongKey() throws Exception {
        ImageReference image = pushIndex(freshRepository(), "1.0");
        signer(key).sign(image);
        assertThatThrownBy(() -> verify(image, CosignKeys.generate())).isInstanceOf(VerificationException.class)
                .hasMessageContaining("signature does not verify with the public key");
    }

    @Test
    void rejectsEditedPayload() throws Exception {
        ImageReference image = pushSingle(freshRepository(), "1.0", "amd64");
        String digest = signer(key).sign(image).digest();
        String tag = Sha256.tagFor(digest, ".sig");
        ObjectNode manifest = (ObjectNode) registry.manifest(image.repository(), tag).orElseThrow().json();
        ObjectNode layer = (ObjectNode) manifest.path("layers").get(0);
        byte[] edited = new String(registry.blob(image.repository(), layer.path("digest").asText()), StandardCharsets.UTF_8)
                .replace("\"optional\":null", "\"optional\":{\"by\":\"mallory\"}").getBytes(StandardCharsets.UTF_8);
        layer.put("digest", registry.pushBlob(image.repository(), edited)).put("size", edited.length);
        registry.putManifest(image.repository(), tag, manifest.toString().getBytes(StandardCharsets.UTF_8), RegistryClient.OCI_MANIFEST);

        assertThatThrownBy(() -> verify(image, key)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void rejectsImageAndSignatureCopiedToAnotherRepository() throws Exception {
        ImageReference original = pushIndex(freshRepository(), "1.0");
        ResolvedImage signed = signer(key).sign(original);
        ImageReference copy = original.withRepository(freshRepository());
        copyManifest(original, copy, "1.0");
        for (String digest : signed.allDigests()) {
            copyManifest(original, copy, Sha256.tagFor(digest, ".sig"));
        }

        assertThatThrownBy(() -> verify(copy, key)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("signed for repository " + original.dockerReference() + ", expected " + copy.dockerReference());
    }

    @Test
    void rejectsSignatureOfAnotherImage() throws Exception {
        String repository = freshRepository();
        ImageReference a = pushSingle(repository, "a", "amd64");
        ImageReference b = pushSingle(repository, "b", "arm64");
        String digestA = signer(key).sign(a).digest();
        String digestB = ResolvedImage.resolve(registry, b).digest();
        RegistryClient.Manifest sigOfA = registry.manifest(repository, Sha256.tagFor(digestA, ".sig")).orElseThrow();
        registry.putManifest(repository, Sha256.tagFor(digestB, ".sig"), sigOfA.bytes(), sigOfA.mediaType());

        assertThatThrownBy(() -> verify(b, key)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("signs digest " + digestA + ", not this image");
    }

    @Test
    void rejectsTagPushedOverAfterSigning() throws Exception {
        String repository = freshRepository();
        ImageReference image = pushIndex(repository, "1.0");
        String signedDigest = signer(key).sign(image).digest();
        pushSingle(repository, "1.0", "s390x");

        ImageVerifier verifier = new ImageVerifier(registry, key.getPublic());
        assertThatThrownBy(() -> verifier.verifySignatures(image, signedDigest)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("not at the signed " + signedDigest);
        assertThatThrownBy(() -> verifier.verifySignatures(image, null)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("has no signature");
    }

    @Test
    void rejectsMissingOrForeignAttestation() throws Exception {
        ImageReference image = pushIndex(freshRepository(), "1.0");
        String digest = signer(key).sign(image).digest();
        ImageVerifier verifier = new ImageVerifier(registry, key.getPublic());
        assertThatThrownBy(() -> verifier.verifyAttestation(image, digest, Payloads.CYCLONEDX_PREDICATE))
                .hasMessageContaining("has no attestation");

        signer(CosignKeys.generate()).attest(image, digest, Payloads.CYCLONEDX_PREDICATE, bom);
        assertThatThrownBy(() -> verifier.verifyAttestation(image, digest, Payloads.CYCLONEDX_PREDICATE))
                .hasMessageContaining("no DSSE signature verifies");
    }

    /** image-sbom reads the base's package list per platform from a gzip layer in the registry. */
    @Test
    void readsTheBasePackageListOfEachPlatform(@TempDir Path dir) throws Exception {
        String repository = freshRepository();
        ObjectNode index = Payloads.JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_INDEX);
        var entries = index.putArray("manifests");
        for (String arch : List.of("amd64", "arm64")) {
            Path root = dir.resolve(arch);
            Files.createDirectories(root.resolve("usr/share/portway-base"));
            Files.writeString(root.resolve("usr/share/portway-base/packages.tsv"), "libc6\t2.41-12\t" + arch + "\tglibc\n");
            Path tgz = dir.resolve(arch + ".tgz");
            Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", root.toString(), ".").inheritIO().start();
            assertThat(tar.waitFor()).isZero();
            byte[] manifest = platformManifest(repository, arch, Files.readAllBytes(tgz), "application/vnd.oci.image.layer.v1.tar+gzip");
            String digest = registry.putManifest(repository, Sha256.digest(manifest), manifest, RegistryClient.OCI_MANIFEST);
            ObjectNode entry = entries.addObject();
            entry.put("mediaType", RegistryClient.OCI_MANIFEST).put("size", manifest.length).put("digest", digest);
            entry.putObject("platform").put("architecture", arch).put("os", "linux");
        }
        registry.putManifest(repository, "base", index.toString().getBytes(StandardCharsets.UTF_8), RegistryClient.OCI_INDEX);
        ImageReference base = ImageReference.parse(REGISTRY + "/" + repository + ":base");

        assertThat(ImageSbom.packagesOf(registry, base, "arm64"))
                .containsExactly(new ImageSbom.DebPackage("libc6", "2.41-12", "arm64", "glibc"));
        assertThat(ImageSbom.packagesOf(registry, base, "amd64"))
                .containsExactly(new ImageSbom.DebPackage("libc6", "2.41-12", "amd64", "glibc"));
        assertThatThrownBy(() -> ImageSbom.packagesOf(registry, base, "s390x")).hasMessageContaining("no linux/s390x manifest");
    }

    private static void verify(ImageReference image, KeyPair with) throws Exception {
        new ImageVerifier(registry, with.getPublic()).verifySignatures(image, null);
    }

    private static ImageSigner signer(KeyPair pair) throws Exception {
        return new ImageSigner(registry, pair.getPrivate(), message -> { });
    }

    private static String freshRepository() {
        return "cosign-it/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A minimal OCI image for one platform: a config, one layer with distinct bytes, a manifest under {@code tag}. */
    private static ImageReference pushSingle(String repository, String tag, String arch) throws Exception {
        byte[] manifest = platformManifest(repository, arch);
        registry.putManifest(repository, tag, manifest, RegistryClient.OCI_MANIFEST);
        return ImageReference.parse(REGISTRY + "/" + repository + ":" + tag);
    }

    /** An OCI index of an amd64 and an arm64 manifest, as a multi-platform push leaves it. */
    private static ImageReference pushIndex(String repository, String tag) throws Exception {
        ObjectNode index = Payloads.JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_INDEX);
        var entries = index.putArray("manifests");
        for (String arch : List.of("amd64", "arm64")) {
            byte[] manifest = platformManifest(repository, arch);
            String digest = registry.putManifest(repository, Sha256.digest(manifest), manifest, RegistryClient.OCI_MANIFEST);
            ObjectNode entry = entries.addObject();
            entry.put("mediaType", RegistryClient.OCI_MANIFEST).put("size", manifest.length).put("digest", digest);
            entry.putObject("platform").put("architecture", arch).put("os", "linux");
        }
        registry.putManifest(repository, tag, index.toString().getBytes(StandardCharsets.UTF_8), RegistryClient.OCI_INDEX);
        return ImageReference.parse(REGISTRY + "/" + repository + ":" + tag);
    }

    private static byte[] platformManifest(String repository, String arch) throws Exception {
        return platformManifest(repository, arch, ("layer for " + arch + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                "application/vnd.oci.image.layer.v1.tar");
    }

    private static byte[] platformManifest(String repository, String arch, byte[] layer, String layerType) throws Exception {
        String layerDigest = registry.pushBlob(repository, layer);
        ObjectNode config = Payloads.JSON.createObjectNode().put("architecture", arch).put("os", "linux");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerDigest);
        byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
        ObjectNode manifest = Payloads.JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("size", configBytes.length).put("digest", registry.pushBlob(repository, configBytes));
        manifest.putArray("layers").addObject().put("mediaType", layerType)
                .put("size", layer.length).put("digest", layerDigest);
        return manifest.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Copies a manifest (an index with its children, or a plain manifest) and its blobs to another repository. */
    private static void copyManifest(ImageReference from, ImageReference to, String reference) throws Exception {
        RegistryClient.Manifest manifest = registry.manifest(from.repository(), reference).orElseThrow();
        JsonNode json = manifest.json();
        List<String> blobs = new ArrayList<>();
        if (manifest.isIndex()) {
            for (JsonNode child : json.path("manifests")) {
                copyManifest(from, to, child.path("digest").asText());
            }
        } else {
            blobs.add(json.at("/config/digest").asText());
            json.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
        }
        for (String blob : blobs) {
            registry.pushBlob(to.repository(), registry.blob(from.repository(), blob));
        }
        registry.putManifest(to.repository(), reference, manifest.bytes(), manifest.mediaType());
    }

    private static String openssl(Path pub, Path signature, Path data) throws Exception {
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature",
                signature.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }
}
