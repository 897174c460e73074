package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code bom-<arch>.json} per platform for the image to carry: the reactor's CycloneDX BOM plus the
 * Debian packages recorded in the base images (read from the registry), so the image SBOM lists OS packages,
 * the JRE's source package and the Java dependencies.
 */
@Mojo(name = "image-sbom", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class ImageSbomMojo extends AbstractRegistryMojo {

    @Parameter(property = "cosign.sbom", defaultValue = "${session.topLevelProject.build.directory}/bom.json")
    private File sbom;

    /** The image's platforms, {@code os/arch[/variant]}, comma-separated. */
    @Parameter(property = "cosign.platforms", defaultValue = "${image.platforms}", required = true)
    private String platforms;

    /**
     * Base images whose {@code /usr/share/portway-base/packages.tsv} lists their Debian packages,
     * comma-separated; empty (public bases): the image SBOM is the Maven BOM.
     */
    @Parameter(property = "cosign.baseImages")
    private String baseImages;

    /** The purl {@code distro} qualifier of the bases' packages. */
    @Parameter(property = "cosign.distro", defaultValue = "debian-13")
    private String distro;

    @Parameter(property = "cosign.imageSbomDirectory", defaultValue = "${project.build.directory}/image-sbom")
    private File outputDirectory;

    @Override
    protected void run() throws IOException, VerificationException, MojoFailureException {
        JsonNode bom = AttestMojo.readBom(sbom);
        Files.createDirectories(outputDirectory.toPath());
        for (String platform : list(platforms)) {
            String[] parts = platform.split("/");
            if (parts.length < 2) {
                throw new MojoFailureException("cosign: platform '" + platform + "' is not os/arch");
            }
            String arch = parts[1];
            List<ImageSbom.DebPackage> packages = new ArrayList<>();
            for (String base : list(baseImages)) {
                ImageReference reference = ImageReference.parse(base);
                packages.addAll(ImageSbom.packagesOf(client(reference.registry()), reference, arch));
            }
            ObjectNode merged = ImageSbom.merge(bom, arch, packages, distro);
            Path out = outputDirectory.toPath().resolve("bom-" + arch + ".json");
            Files.write(out, Payloads.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(merged));
            getLog().info("cosign: image SBOM " + out + ": " + merged.path("components").size() + " components, "
                    + packages.size() + " of them Debian packages");
        }
    }
}
