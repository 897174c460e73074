package dev.portway.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code jwt:} on a route: a bearer token signed with one of {@code algorithms}, checked against keys
 * from {@code jwksUrl} or inline {@code jwks} / {@code secret}.
 *
 * @param algorithms          accepted JWS algorithms (RS256, ES256, HS256)
 * @param issuer              required {@code iss}, or {@code null}
 * @param audiences           accepted {@code aud} values; empty = not checked
 * @param jwksUrl             where the JSON Web Key Set is fetched, or {@code null}
 * @param jwks                an inline JSON Web Key Set (JSON text), or {@code null}
 * @param secret              the HMAC secret for HS256, or {@code null}
 * @param jwksCacheTtl        how long a fetched key set is used before it is fetched again
 * @param jwksMinRefetch      shortest time between two fetches (an unknown {@code kid} does not hammer the issuer)
 * @param clockSkew           tolerance on {@code exp} and {@code nbf}
 * @param claimHeaders        claim name → upstream header set to its value
 * @param requiredClaims      claim name → value the token must carry, else 403
 */
public record JwtConfig(List<String> algorithms, String issuer, List<String> audiences, URI jwksUrl, String jwks,
    String secret, Duration jwksCacheTtl, Duration jwksMinRefetch, Duration clockSkew,
    Map<String, String> claimHeaders, Map<String, String> requiredClaims) {

  public JwtConfig {
    algorithms = List.copyOf(algorithms);
    audiences = List.copyOf(audiences);
    claimHeaders = Map.copyOf(claimHeaders);
    requiredClaims = Map.copyOf(requiredClaims);
  }
}
