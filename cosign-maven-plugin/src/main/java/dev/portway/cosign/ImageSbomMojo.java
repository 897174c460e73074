package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code bom-<arch>.json} per platform: the reactor's CycloneDX BOM plus the Debian packages of the
 * base image (the packages.tsv files the base build records), for the image to carry as its SBOM.
 */
@Mojo(name = "image-sbom", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class ImageSbomMojo extends AbstractMojo {

    @Parameter(property = "cosign.sbom", defaultValue = "${session.topLevelProject.build.directory}/bom.json")
    private File sbom;

    /** packages.tsv files (name, version, arch, source); every architecture in them gets its own BOM. */
    @Parameter(required = true)
    private List<File> packageLists;

    /** The purl {@code distro} qualifier of the base's packages. */
    @Parameter(property = "cosign.distro", defaultValue = "debian-13")
    private String distro;

    @Parameter(property = "cosign.imageSbomDirectory", defaultValue = "${project.build.directory}/image-sbom")
    private File outputDirectory;

    @Parameter(property = "cosign.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("cosign: image-sbom skipped (cosign.skip)");
            return;
        }
        try {
            JsonNode bom = AttestMojo.readBom(sbom);
            List<ImageSbom.DebPackage> packages = new ArrayList<>();
            for (File list : packageLists) {
                if (!list.isFile()) {
                    throw new MojoFailureException("cosign: package list " + list + " is missing (were the base images built?)");
                }
                packages.addAll(ImageSbom.parsePackages(Files.readString(list.toPath(), StandardCharsets.UTF_8)));
            }
            Map<String, ObjectNode> boms = ImageSbom.merge(bom, packages, distro);
            if (boms.isEmpty()) {
                throw new MojoFailureException("cosign: the package lists name no architecture");
            }
            Files.createDirectories(outputDirectory.toPath());
            for (Map.Entry<String, ObjectNode> e : boms.entrySet()) {
                Path out = outputDirectory.toPath().resolve("bom-" + e.getKey() + ".json");
                Files.write(out, Payloads.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e.getValue()));
                getLog().info("cosign: image SBOM " + out + " (" + e.getValue().path("components").size() + " components)");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cosign: image SBOM: " + e.getMessage(), e);
        }
    }
}
