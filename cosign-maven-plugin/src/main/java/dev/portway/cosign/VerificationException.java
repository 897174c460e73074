package dev.portway.cosign;

/** A signature or attestation that does not hold; the message names the check and the digest. */
public final class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }
}
