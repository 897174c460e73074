package dev.portway.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/,                       /",
      "/a/b,                    /a/b",
      "/a/b/,                   /a/b/",
      "//admin,                 /admin",
      "/public//../admin,       /admin",
      "/public/../admin,        /admin",
      "/public/./admin,         /public/admin",
      "/public/%2e%2e/admin,    /admin",
      "/public/%2E%2E/admin,    /admin",
      "/public/.%2e/admin,      /admin",
      "/%61dmin,                /admin",
      "/a/b/..,                 /a/",
      "/a/.,                    /a/",
      "/a%20b,                  /a%20b",
      "/a%c3%a9,                /a%C3%A9",
      "/.well-known/x,          /.well-known/x",
      "/a/.b/c,                 /a/.b/c",
      "/a.b/c.,                 /a.b/c.",
      "/a/b//,                  /a/b/",
      "/é/ü,                    /é/ü",
  })
  void normalises(String raw, String expected) {
    assertThat(RequestPath.normalise(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "refuses {0}")
  @ValueSource(strings = {
      "", "admin", "*",
      "/..", "/../admin", "/a/../../admin", "/%2e%2e/admin",
      "/public%2f..%2fadmin", "/public%2F..%2Fadmin", "/public%5c..%5cadmin", "/public\\..\\admin",
      "/admin;jsessionid=1", "/admin%3bx", "/%252e%252e/admin", "/a%00b", "/a%0a", "/a%", "/a%2", "/a%zz",
  })
  void refusesAmbiguousPaths(String raw) {
    assertThat(RequestPath.normalise(raw)).isNull();
  }
}
