package dev.portway.it.support;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.testcontainers.DockerClientFactory;

/**
 * Reads files out of an image through a created, never started container (the image has no shell to
 * {@code cat} with, and nothing needs to run to read its filesystem).
 */
public final class ImageFiles implements AutoCloseable {
  private final DockerClient docker = DockerClientFactory.instance().client();
  private final String containerId;

  public ImageFiles(String image) {
    this.containerId = docker.createContainerCmd(image).withLabels(DockerClientFactory.DEFAULT_LABELS).exec().getId();
  }

  /** The content of the regular file {@code path}. */
  public byte[] read(String path) {
    try (TarArchiveInputStream tar = archive(path)) {
      TarArchiveEntry entry = tar.getNextTarEntry();
      if (entry == null || !entry.isFile()) {
        throw new IllegalStateException(path + " is not a regular file in the image");
      }
      return tar.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the regular files directly in directory {@code path}. */
  public List<String> list(String path) {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = archive(path)) {
      for (TarArchiveEntry entry = tar.getNextTarEntry(); entry != null; entry = tar.getNextTarEntry()) {
        String[] parts = entry.getName().split("/");
        if (entry.isFile() && parts.length == 2) {
          names.add(parts[1]);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TarArchiveInputStream archive(String path) {
    InputStream in = docker.copyArchiveFromContainerCmd(containerId, path).exec();
    return new TarArchiveInputStream(in);
  }

  @Override
  public void close() {
    docker.removeContainerCmd(containerId).withForce(true).exec();
  }
}
