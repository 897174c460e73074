package dev.portway.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.portway.gateway.config.JwtConfig;
import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyException;
import dev.portway.gateway.proxy.ProxyExchange;
import dev.portway.gateway.security.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jwt:} a bearer token parsed and verified by Nimbus JOSE: signature with one of the accepted
 * algorithms and a key from the JWKS URL or the inline keys, {@code exp} required, {@code exp}/{@code nbf}
 * within the clock skew, {@code iss} and {@code aud} when configured. No or a bad token: 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750; the reason goes to the metrics, not to the client). A valid
 * token lacking a required claim: 403. Mapped claims go upstream as headers, replacing any the client sent.
 */
public final class Jwt implements Policy {

  /** {@link ProxyExchange#attributes()} key of the verified {@link JWTClaimsSet}. */
  public static final String CLAIMS = "jwt.claims";

  private static final String REALM = "Bearer realm=\"portway\"";
  private static final ProxyException MISSING = new ProxyException(401, "unauthorized",
      "a bearer token is required", Map.of("WWW-Authenticate", REALM));
  private static final ProxyException INVALID = new ProxyException(401, "unauthorized",
      "the bearer token is not valid", Map.of("WWW-Authenticate", REALM + ", error=\"invalid_token\""));
  private static final ProxyException FORBIDDEN = new ProxyException(403, "forbidden",
      "the bearer token does not grant access", Map.of("WWW-Authenticate", REALM + ", error=\"insufficient_scope\""));

  private final JwtConfig config;
  private final AuthFailures failures;
  private final JwksKeys remote;
  private final List<JWK> inline;
  private final DefaultJWTProcessor<KeysContext> processor = new DefaultJWTProcessor<>();

  /** Carries the key set chosen for one token into Nimbus's key selection. */
  private record KeysContext(List<JWK> keys) implements SecurityContext {}

  public Jwt(Vertx vertx, JwtConfig config, AuthFailures failures, Clock clock) {
    this.config = config;
    this.failures = failures;
    this.remote = config.jwksUrl() == null ? null
        : new JwksKeys(vertx, config.jwksUrl(), config.jwksCacheTtl(), config.jwksMinRefetch(), clock);
    this.inline = inlineKeys(config);
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    config.algorithms().forEach(name -> algorithms.add(JWSAlgorithm.parse(name)));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms,
        (selector, context) -> selector.select(new JWKSet(context.keys()))));
    DefaultJWTClaimsVerifier<KeysContext> verifier = new DefaultJWTClaimsVerifier<>(
        config.audiences().isEmpty() ? null : new HashSet<>(config.audiences()),
        config.issuer() == null ? null : new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
        Set.of("exp"), null) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    verifier.setMaxClockSkew((int) config.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(verifier);
  }

  private static List<JWK> inlineKeys(JwtConfig config) {
    List<JWK> keys = new ArrayList<>();
    if (config.jwks() != null) {
      try {
        keys.addAll(JWKSet.parse(config.jwks()).toPublicJWKSet().getKeys());
      } catch (ParseException e) {
        throw new IllegalArgumentException("jwks was checked when the config was loaded", e);
      }
    }
    if (config.secret() != null) {
      keys.add(new OctetSequenceKey.Builder(config.secret().getBytes(StandardCharsets.UTF_8)).build());
    }
    return List.copyOf(keys);
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    String authorization = exchange.requestHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refuse("missing", MISSING);
    }
    SignedJWT token;
    try {
      token = SignedJWT.parse(authorization.substring(7).trim());
    } catch (ParseException e) {
      return refuse("malformed", INVALID);
    }
    if (!config.algorithms().contains(token.getHeader().getAlgorithm().getName())) {
      return refuse("algorithm", INVALID);
    }
    if (remote == null) {
      return verify(exchange, token, inline);
    }
    return CallerContext.resume(remote.keys(token.getHeader().getKeyID())).compose(set -> {
      List<JWK> keys = new ArrayList<>(set.getKeys());
      keys.addAll(inline);
      return verify(exchange, token, keys);
    });
  }

  private Future<Void> verify(ProxyExchange exchange, SignedJWT token, List<JWK> keys) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, new KeysContext(keys));
    } catch (BadJOSEException | JOSEException e) {
      return refuse(reason(e), INVALID);
    }
    for (Map.Entry<String, String> required : config.requiredClaims().entrySet()) {
      if (!holds(claims.getClaim(required.getKey()), required.getValue())) {
        return refuse("claim_required", FORBIDDEN);
      }
    }
    exchange.attributes().put(CLAIMS, claims);
    for (Map.Entry<String, String> mapping : config.claimHeaders().entrySet()) {
      exchange.requestHeaders().remove(mapping.getValue());
      Object value = claims.getClaim(mapping.getKey());
      if (value != null) {
        exchange.requestHeaders().set(mapping.getValue(), text(value));
      }
    }
    return Future.succeededFuture();
  }

  private Future<Void> refuse(String reason, ProxyException answer) {
    failures.count(reason);
    return Future.failedFuture(answer);
  }

  /** The metric reason of a rejected token; the order matters, the exceptions are subclasses. */
  private static String reason(Exception e) {
    if (e instanceof ExpiredJWTException) {
      return "expired";
    }
    if (e instanceof BadJWTException) {
      return e.getMessage().contains("before use time") ? "not_yet_valid" : "claims";
    }
    if (e instanceof BadJWSException) {
      return "signature";
    }
    return "no_key";
  }

  /** A claim holds a value when it is the value, a list containing it, or a space-separated list (scope) naming it. */
  private static boolean holds(Object claim, String value) {
    if (claim instanceof Collection<?> values) {
      return values.stream().anyMatch(v -> value.equals(String.valueOf(v)));
    }
    return claim != null && (value.equals(String.valueOf(claim)) || List.of(String.valueOf(claim).split(" ")).contains(value));
  }

  private static String text(Object claim) {
    if (claim instanceof Collection<?> values) {
      return String.join(",", values.stream().map(String::valueOf).toList());
    }
    if (claim instanceof Date date) {
      return String.valueOf(date.toInstant().getEpochSecond());
    }
    return String.valueOf(claim);
  }
}
