package dev.portway.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portway.gateway.Http.Response;
import dev.portway.gateway.config.JwtConfig;
import dev.portway.gateway.config.RouteSecurity;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWT routes against a real JWKS endpoint on loopback; tokens made with Nimbus, as an issuer would. */
class JwtTest {

  static final String ISSUER = "https://issuer.test";
  static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";

  private SecuredGateway gateway;
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private RSAKey rsa;
  private ECKey ec;

  @BeforeEach
  void setUp() throws JOSEException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.set(new JWKSet(rsa));
    gateway = new SecuredGateway();
    int jwks = gateway.vertx.createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json")
          .end(published.get().toPublicJWKSet().toString());
    }).listen(0, "127.0.0.1").await().actualPort();
    URI jwksUrl = URI.create("http://127.0.0.1:" + jwks + "/.well-known/jwks.json");
    gateway.start(
        SecuredGateway.route("rs", "/rs/**", jwt(List.of("RS256"), jwksUrl, null, null, Duration.ZERO, Map.of())),
        SecuredGateway.route("strict", "/strict/**", jwt(List.of("RS256"), jwksUrl, null, null, Duration.ofHours(1), Map.of())),
        SecuredGateway.route("ec", "/ec/**",
            jwt(List.of("ES256"), null, new JWKSet(ec).toPublicJWKSet().toString(), null, Duration.ZERO, Map.of())),
        SecuredGateway.route("hs", "/hs/**", jwt(List.of("HS256"), null, null, SECRET, Duration.ZERO, Map.of())),
        SecuredGateway.route("admin", "/admin/**",
            jwt(List.of("RS256"), jwksUrl, null, null, Duration.ZERO, Map.of("scope", "admin"))));
  }

  private static RouteSecurity jwt(List<String> algorithms, URI jwksUrl, String jwks, String secret,
      Duration minRefetch, Map<String, String> required) {
    return new RouteSecurity(null, new JwtConfig(algorithms, ISSUER, List.of("portway"), jwksUrl, jwks, secret,
        Duration.ofHours(1), minRefetch, Duration.ofSeconds(60), Map.of("sub", "X-User", "groups", "X-Groups"),
        required), null);
  }

  @AfterEach
  void tearDown() {
    gateway.close();
  }

  private static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience("portway").subject("alice")
        .claim("groups", List.of("dev", "ops")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
  }

  private static String sign(JWSAlgorithm algorithm, String kid, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
    SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
    token.sign(signer);
    return token.serialize();
  }

  private String rs256(JWTClaimsSet claims) throws JOSEException {
    return sign(JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa), claims);
  }

  private Response get(String path, String token) {
    return gateway.get(path, "Authorization", "Bearer " + token, "X-User", "spoofed");
  }

  @Test
  void aValidRs256TokenPassesAndItsClaimsGoUpstreamAsHeaders() throws JOSEException {
    Response response = get("/rs/x", rs256(claims().build()));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonObject("headers").getJsonArray("X-User")).containsExactly("alice");
    assertThat(response.json().getJsonObject("headers").getJsonArray("X-Groups")).containsExactly("dev,ops");
  }

  @Test
  void es256WithInlineKeysAndHs256WithASecretPass() throws JOSEException {
    assertThat(get("/ec/x", sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims().build())).status()).isEqualTo(200);
    assertThat(get("/hs/x", sign(JWSAlgorithm.HS256, null, new MACSigner(SECRET), claims().build())).status()).isEqualTo(200);
  }

  @Test
  void noTokenIs401WithABareBearerChallenge() {
    Response response = gateway.get("/rs/x");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"portway\"");
    assertThat(gateway.failures("rs", "jwt", "missing")).isEqualTo(1);
  }

  /** Each bad token: 401 invalid_token, one generic message, the reason only in the metric. */
  @Test
  void badTokensAre401AndCountedByReason() throws JOSEException {
    Instant now = Instant.now();
    RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    Map<String, String> tokens = Map.of(
        "expired", rs256(claims().expirationTime(Date.from(now.minusSeconds(3600))).build()),
        "not_yet_valid", rs256(claims().notBeforeTime(Date.from(now.plusSeconds(3600))).build()),
        "claims", rs256(claims().issuer("https://evil.test").build()),
        "signature", sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(impostor), claims().build()),
        "malformed", "not.a.token",
        // Algorithm confusion: an HS256 token whose secret is the RSA public key must not pass an RS256 route.
        "algorithm", sign(JWSAlgorithm.HS256, "rsa-1", new MACSigner(rsa.toRSAPublicKey().getEncoded()), claims().build()));

    tokens.forEach((reason, token) -> {
      Response response = get("/rs/x", token);
      assertThat(response.status()).as(reason).isEqualTo(401);
      assertThat(response.headers().get("WWW-Authenticate")).as(reason)
          .isEqualTo("Bearer realm=\"portway\", error=\"invalid_token\"");
      assertThat(response.json().getString("message")).as(reason).isEqualTo("the bearer token is not valid");
      assertThat(gateway.failures("rs", "jwt", reason)).as(reason).isEqualTo(1);
    });
  }

  @Test
  void theAudienceMustMatchAndExpIsRequired() throws JOSEException {
    assertThat(get("/rs/x", rs256(claims().audience("other").build())).status()).isEqualTo(401);
    assertThat(get("/rs/x", rs256(claims().expirationTime(null).build())).status()).isEqualTo(401);
    assertThat(gateway.failures("rs", "jwt", "claims")).isEqualTo(2);
  }

  @Test
  void expiryWithinTheClockSkewIsAccepted() throws JOSEException {
    Instant now = Instant.now();
    String justExpired = rs256(claims().expirationTime(Date.from(now.minusSeconds(20))).build());
    String almostValid = rs256(claims().notBeforeTime(Date.from(now.plusSeconds(20))).build());

    assertThat(get("/rs/x", justExpired).status()).isEqualTo(200);
    assertThat(get("/rs/x", almostValid).status()).isEqualTo(200);
  }

  @Test
  void aValidTokenWithoutTheRequiredClaimIs403() throws JOSEException {
    Response response = get("/admin/x", rs256(claims().claim("scope", "read write").build()));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.headers().get("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
    assertThat(get("/admin/x", rs256(claims().claim("scope", "read admin").build())).status()).isEqualTo(200);
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesItsKid() throws JOSEException {
    assertThat(get("/rs/x", rs256(claims().build())).status()).isEqualTo(200);
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    published.set(new JWKSet(List.of(rsa, rotated)));

    String token = sign(JWSAlgorithm.RS256, "rsa-2", new RSASSASigner(rotated), claims().build());

    assertThat(get("/rs/x", token).status()).isEqualTo(200);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void unknownKidsDoNotMakeTheGatewayHammerTheIssuer() throws JOSEException {
    assertThat(get("/strict/x", rs256(claims().build())).status()).isEqualTo(200);
    RSAKey stranger = new RSAKeyGenerator(2048).generate();

    for (int i = 0; i < 5; i++) {
      String token = sign(JWSAlgorithm.RS256, "made-up-" + i, new RSASSASigner(stranger), claims().build());
      assertThat(get("/strict/x", token).status()).isEqualTo(401);
    }

    // The first token's fetch, then none: every unknown kid came within jwksMinRefetch of it.
    assertThat(fetches).hasValue(1);
    assertThat(gateway.failures("strict", "jwt", "no_key")).isEqualTo(5);
  }
}
