package dev.portway.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portway.gateway.auth.SecuredGateway;
import dev.portway.gateway.config.ApiKeyConfig;
import dev.portway.gateway.config.RouteSecurity;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /admin/**} needs an API key, {@code /**} is open: each way of spelling an admin path must
 * either land on the admin route (401 without a key) or be refused (400), never reach the open route.
 */
class AuthBypassTest {

  private static SecuredGateway gateway;

  @BeforeAll
  static void start() {
    RouteSecurity apiKey = new RouteSecurity(new ApiKeyConfig("X-Api-Key", null, "X-Consumer",
        List.of(new ApiKeyConfig.Consumer("ops", "0".repeat(64)))), null, null);
    gateway = new SecuredGateway().start(SecuredGateway.route("admin", "/admin/**", apiKey),
        SecuredGateway.route("open", "/**", RouteSecurity.NONE));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/admin/users,                  401",
      "//admin/users,                 401",
      "/./admin/users,                401",
      "/public/../admin/users,        401",
      "/public/%2e%2e/admin/users,    401",
      "/public/%2E%2e/admin/users,    401",
      "/public/.%2e/admin/users,      401",
      "/%61dmin/users,                401",
      "/admin%2fusers,                400",
      "/public/..%2fadmin/users,      400",
      "/public/..%5cadmin/users,      400",
      "/public/..\\admin/users,       400",
      "/admin;a=b/users,              400",
      "/admin/users;a=b,              400",
      "/public/%252e%252e/admin/users, 400",
      "/public/%2e%2e%2fadmin/users,  400",
      "/../admin/users,               400",
      "/admin%00/users,               400",
  })
  void everySpellingOfAnAdminPathMeetsTheAdminRoute(String path, int status) throws Exception {
    String answer = RawHttp.exchange(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(answer)).isEqualTo(status);
  }
}
