package dev.portway.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Reads manifests from the registry an image name points at (the local registry here), over the
 * Registry HTTP API v2, without pulling anything: to find one platform's manifest of a pushed
 * multi-platform image and what its config says.
 */
public final class Registry {
  private static final String ACCEPT = String.join(",",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json");

  private final String registry;
  private final String repository;
  private final String tag;

  /** For {@code image} = {@code REGISTRY/REPOSITORY:TAG}. */
  public Registry(String image) {
    int slash = image.indexOf('/');
    this.registry = image.substring(0, slash);
    String rest = image.substring(slash + 1);
    this.repository = rest.contains(":") ? rest.substring(0, rest.lastIndexOf(':')) : rest;
    this.tag = rest.contains(":") ? rest.substring(rest.lastIndexOf(':') + 1) : "latest";
  }

  /** The tag of the image name this registry view was made for. */
  public String tag() {
    return tag;
  }

  /** {@code REGISTRY/REPOSITORY@DIGEST}: a reference that pulls exactly that manifest. */
  public String reference(String digest) {
    return registry + "/" + repository + "@" + digest;
  }

  /** The digest of the manifest for {@code os/architecture} in the index tagged {@code tag}, if any. */
  public Optional<String> platformDigest(String tag, String os, String architecture) {
    JsonNode index = Http.json(get("/manifests/" + tag));
    for (JsonNode manifest : index.path("manifests")) {
      JsonNode platform = manifest.path("platform");
      if (os.equals(platform.path("os").asText()) && architecture.equals(platform.path("architecture").asText())) {
        return Optional.of(manifest.path("digest").asText());
      }
    }
    return Optional.empty();
  }

  /** The image config (labels, user, architecture…) of the manifest {@code digest}. */
  public JsonNode config(String digest) {
    JsonNode manifest = Http.json(get("/manifests/" + digest));
    return Http.json(get("/blobs/" + manifest.path("config").path("digest").asText()));
  }

  private HttpResponse<String> get(String path) {
    URI uri = URI.create("http://" + registry + "/v2/" + repository + path);
    HttpResponse<String> response = Http.send(Http.client(), Http.request(uri).header("Accept", ACCEPT).GET().build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return response;
  }
}
