package dev.portway.cosign;

import java.util.regex.Pattern;

/**
 * {@code registry/repository[:tag][@sha256:...]}. The registry must be explicit: the signed identity
 * ({@code docker-reference}) is {@code registry/repository}, and guessing Docker Hub's would sign a different name.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public static ImageReference parse(String text) {
        String rest = text.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("image " + text + ": digest must be sha256:<64 hex>");
            }
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("image " + text + ": name the registry, e.g. ghcr.io/owner/name:tag");
        }
        String registry = rest.substring(0, slash);
        if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
            throw new IllegalArgumentException("image " + text + ": '" + registry
                    + "' is not a registry host; name the registry, e.g. ghcr.io/owner/name:tag");
        }
        String path = rest.substring(slash + 1);
        String tag = null;
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            tag = path.substring(colon + 1);
            path = path.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("image " + text + ": bad tag '" + tag + "'");
            }
        }
        if (!REPOSITORY.matcher(path).matches()) {
            throw new IllegalArgumentException("image " + text + ": bad repository name '" + path + "'");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** What the registry is asked for: the digest when pinned, else the tag. */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /** The name cosign signs as the image identity and uses as the in-toto subject. */
    public String dockerReference() {
        return registry + "/" + repository;
    }

    public ImageReference withRepository(String otherRepository) {
        return new ImageReference(registry, otherRepository, tag, digest);
    }

    @Override
    public String toString() {
        return dockerReference() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
