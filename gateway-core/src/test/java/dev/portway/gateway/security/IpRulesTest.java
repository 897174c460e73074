package dev.portway.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.auth.SecuredGateway;
import dev.portway.gateway.config.IpRulesConfig;
import dev.portway.gateway.config.LimitsConfig;
import dev.portway.gateway.config.ListenerConfig;
import dev.portway.gateway.config.RouteSecurity;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test client connects from 127.0.0.1; X-Forwarded-For says where it claims to come from. */
class IpRulesTest {

  private SecuredGateway gateway;

  @AfterEach
  void tearDown() {
    gateway.close();
  }

  private static RouteSecurity rules(List<String> allow, List<String> deny) {
    return new RouteSecurity(null, null, null, new IpRulesConfig(Networks.parse(allow), Networks.parse(deny)), null);
  }

  private SecuredGateway start(List<String> trustedProxies) {
    return new SecuredGateway().start(
        new ListenerConfig("127.0.0.1", 0, null, LimitsConfig.DEFAULTS, Networks.parse(trustedProxies)),
        SecuredGateway.route("internal", "/internal/**", rules(List.of("10.0.0.0/8"), List.of("10.66.0.0/16"))),
        SecuredGateway.route("public", "/public/**", rules(List.of(), List.of("203.0.113.0/24"))),
        SecuredGateway.route("local", "/local/**", rules(List.of("127.0.0.1", "::1"), List.of())));
  }

  @Test
  void behindATrustedProxyTheFirstUntrustedForwardedAddressIsTheClient() {
    gateway = start(List.of("127.0.0.1", "192.0.2.0/24"));

    assertThat(gateway.get("/internal/x", "X-Forwarded-For", "10.1.2.3").status()).isEqualTo(200);
    assertThat(gateway.get("/internal/x", "X-Forwarded-For", "10.1.2.3, 192.0.2.10").status()).isEqualTo(200);
    assertThat(gateway.get("/internal/x", "X-Forwarded-For", "198.51.100.9").status()).isEqualTo(403);
    assertThat(gateway.get("/internal/x", "X-Forwarded-For", "10.66.1.1").status()).isEqualTo(403);
    assertThat(gateway.get("/public/x", "X-Forwarded-For", "203.0.113.50").status()).isEqualTo(403);
    assertThat(gateway.get("/public/x", "X-Forwarded-For", "198.51.100.9").status()).isEqualTo(200);
  }

  @Test
  void aForgedLeftMostEntryIsNotBelieved() {
    gateway = start(List.of("127.0.0.1"));

    // The client wrote 10.1.2.3 itself; the trusted proxy appended the address it saw.
    assertThat(gateway.get("/internal/x", "X-Forwarded-For", "10.1.2.3, 198.51.100.9").status()).isEqualTo(403);
    assertThat(gateway.get("/public/x", "X-Forwarded-For", "203.0.113.50, 198.51.100.9").status()).isEqualTo(200);
  }

  @Test
  void withoutTrustedProxiesForwardedForIsIgnored() {
    gateway = start(List.of());

    assertThat(gateway.get("/internal/x", "X-Forwarded-For", "10.1.2.3").status()).isEqualTo(403);
    assertThat(gateway.get("/local/x", "X-Forwarded-For", "198.51.100.9").status()).isEqualTo(200);
    assertThat(gateway.get("/local/x").status()).isEqualTo(200);
  }
}
