package dev.portway.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the OCI distribution API that signing needs: manifests by tag or digest, blob upload and download.
 * HTTPS with the Bearer token flow (realm/service/scope from {@code WWW-Authenticate}, as GHCR and Docker Hub do)
 * or Basic; plain HTTP only for loopback and explicitly listed insecure registries.
 */
public final class RegistryClient {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A manifest as stored: its exact bytes (what the digest covers), media type and digest. */
    public record Manifest(byte[] bytes, String mediaType, String digest) {
        public boolean isIndex() {
            return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
        }

        public JsonNode json() throws VerificationException {
            return Payloads.parse(bytes, "manifest " + digest);
        }
    }

    private final String registry;
    private final String base;
    private final Optional<RegistryCredentials> credentials;
    private final HttpClient http;
    /** Authorization per repository; a token for pull is replaced when a push asks for a wider scope. */
    private final Map<String, String> authorization = new HashMap<>();

    public RegistryClient(String registry, Set<String> insecureRegistries, Optional<RegistryCredentials> credentials) {
        this.registry = registry;
        // Docker Hub's name in image references is not the host that serves its API.
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.base = (isLoopback(registry) || insecureRegistries.contains(registry) ? "http://" : "https://") + host;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String registry() {
        return registry;
    }

    /** Where requests go: the scheme shows whether this registry is reached over plain HTTP. */
    String baseUrl() {
        return base;
    }

    /** 127.0.0.0/8, localhost and ::1, by name only: resolving DNS here would let a hostile resolver downgrade. */
    static boolean isLoopback(String registry) {
        String host = registry;
        if (host.startsWith("[")) {
            host = host.substring(1, host.indexOf(']'));
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    public Optional<Manifest> manifest(String repository, String reference) throws IOException {
        HttpResponse<byte[]> r = send(repository, HttpRequest.newBuilder(url(repository, "manifests/" + reference))
                .header("Accept", ACCEPT).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, 200, "GET manifest " + repository + ":" + reference);
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        return Optional.of(new Manifest(r.body(), type, Sha256.digest(r.body())));
    }

    /** Puts a manifest under a tag and returns its digest. */
    public String putManifest(String repository, String tag, byte[] manifest, String mediaType) throws IOException {
        HttpResponse<byte[]> r = send(repository, HttpRequest.newBuilder(url(repository, "manifests/" + tag))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
        expect(r, 201, "PUT manifest " + repository + ":" + tag);
        return Sha256.digest(manifest);
    }

    public byte[] blob(String repository, String digest) throws IOException {
        HttpResponse<byte[]> r = send(repository, HttpRequest.newBuilder(url(repository, "blobs/" + digest)).GET());
        if (r.statusCode() == 307 || r.statusCode() == 302 || r.statusCode() == 301 || r.statusCode() == 303) {
            // Storage backends redirect to signed URLs: follow without the registry's Authorization header.
            URI target = URI.create(base + "/v2/").resolve(r.headers().firstValue("Location").orElseThrow());
            r = sendRaw(HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build());
        }
        expect(r, 200, "GET blob " + repository + "@" + digest);
        String actual = Sha256.digest(r.body());
        if (!actual.equals(digest)) {
            throw new IOException("blob " + repository + "@" + digest + " has content digest " + actual);
        }
        return r.body();
    }

    /** Uploads a blob unless the repository has it (POST, then PUT with the digest); returns its digest. */
    public String pushBlob(String repository, byte[] content) throws IOException {
        String digest = Sha256.digest(content);
        HttpResponse<byte[]> head = send(repository, HttpRequest.newBuilder(url(repository, "blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 200) {
            return digest;
        }
        HttpResponse<byte[]> start = send(repository, HttpRequest.newBuilder(url(repository, "blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(start, 202, "POST blob upload " + repository);
        String location = start.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("registry " + registry + " gave no upload Location"));
        URI upload = URI.create(base + "/v2/").resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpResponse<byte[]> done = send(repository, HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        expect(done, 201, "PUT blob " + repository + "@" + digest);
        return digest;
    }

    private URI url(String repository, String path) {
        return URI.create(base + "/v2/" + repository + "/" + path);
    }

    private HttpResponse<byte[]> send(String repository, HttpRequest.Builder request) throws IOException {
        request.timeout(TIMEOUT);
        String auth = authorization.get(repository);
        HttpResponse<byte[]> r = sendRaw(withAuth(request, auth).build());
        if (r.statusCode() != 401) {
            return r;
        }
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        auth = authorize(challenge);
        authorization.put(repository, auth);
        return sendRaw(withAuth(request, auth).build());
    }

    private static HttpRequest.Builder withAuth(HttpRequest.Builder request, String auth) {
        if (auth != null) {
            request.setHeader("Authorization", auth);
        }
        return request;
    }

    private String authorize(String challenge) throws IOException {
        String scheme = challenge.split(" ", 2)[0];
        if (scheme.equalsIgnoreCase("Basic")) {
            return credentials.orElseThrow(() -> new IOException("registry " + registry
                    + " asks for Basic credentials; add a <server> with id " + registry
                    + " to settings.xml or log in with docker")).basicHeader();
        }
        if (!scheme.equalsIgnoreCase("Bearer")) {
            throw new IOException("registry " + registry + " answered 401 with an unsupported challenge '" + scheme + "'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.remove("realm");
        if (realm == null) {
            throw new IOException("registry " + registry + ": Bearer challenge without realm");
        }
        StringBuilder query = new StringBuilder();
        for (String name : List.of("service", "scope")) {
            if (params.containsKey(name)) {
                query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(params.get(name), StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(realm + query)).timeout(TIMEOUT).GET();
        credentials.ifPresent(c -> tokenRequest.header("Authorization", c.basicHeader()));
        HttpResponse<byte[]> r = sendRaw(tokenRequest.build());
        expect(r, 200, "token request to " + URI.create(realm).getHost());
        JsonNode body = Payloads.JSON.readTree(r.body());
        String token = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText(null);
        if (token == null) {
            throw new IOException("token endpoint of " + registry + " returned no token");
        }
        return "Bearer " + token;
    }

    private HttpResponse<byte[]> sendRaw(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to " + registry, e);
        }
    }

    private static void expect(HttpResponse<byte[]> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            throw new IOException(what + ": HTTP " + r.statusCode() + " (expected " + status + ") "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }
}
