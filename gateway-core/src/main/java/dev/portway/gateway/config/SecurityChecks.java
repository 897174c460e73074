package dev.portway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import dev.portway.gateway.security.Networks;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/**
 * The rules of the edge-security keywords a schema cannot express: files that must be readable, key
 * sources that must fit the algorithms, rate-limit keys that need an authentication keyword.
 */
final class SecurityChecks {

  private final YamlTree tree;
  private final Problems problems;
  private final Path base;

  SecurityChecks(YamlTree tree, Problems problems) {
    this.tree = tree;
    this.problems = problems;
    this.base = SecurityConfigs.baseDirectory(problems.file());
  }

  void listener(JsonNode listener, ConfigPath path) {
    cidrs(listener.path("trustedProxies"), path.key("trustedProxies"));
    JsonNode certificates = listener.path("tls").path("certificates");
    for (int i = 0; i < certificates.size(); i++) {
      ConfigPath at = path.key("tls").key("certificates").index(i);
      readable(certificates.get(i).path("certFile"), at.key("certFile"));
      readable(certificates.get(i).path("keyFile"), at.key("keyFile"));
    }
  }

  void upstream(JsonNode upstream, ConfigPath path) {
    JsonNode tls = upstream.path("tls");
    for (String file : new String[] {"caFile", "certFile", "keyFile"}) {
      readable(tls.path(file), path.key("tls").key(file));
    }
  }

  void route(JsonNode route, ConfigPath path) {
    JsonNode consumersFile = route.path("apiKey").path("consumersFile");
    if (readable(consumersFile, path.key("apiKey").key("consumersFile"))) {
      consumersFile(consumersFile.textValue(), path.key("apiKey").key("consumersFile"));
    }
    jwt(route.path("jwt"), path.key("jwt"));
    cidrs(route.path("ipRules").path("allow"), path.key("ipRules").key("allow"));
    cidrs(route.path("ipRules").path("deny"), path.key("ipRules").key("deny"));
    JsonNode cors = route.path("cors");
    if (cors.path("allowCredentials").asBoolean(false)
        && lists(cors.path("allowOrigins"), "*")) {
      problems.atValue(tree, path.key("cors").key("allowOrigins"), "'*' cannot be combined with allowCredentials: list the origins");
    }
    JsonNode key = route.path("rateLimit").path("key");
    if (key.isTextual()) {
      if (key.textValue().equals("consumer") && !route.has("apiKey")) {
        problems.atValue(tree, path.key("rateLimit").key("key"), "key 'consumer' needs apiKey on the same route");
      } else if (key.textValue().startsWith("claim:") && !route.has("jwt")) {
        problems.atValue(tree, path.key("rateLimit").key("key"), "key '" + key.textValue() + "' needs jwt on the same route");
      }
    }
  }

  private void jwt(JsonNode jwt, ConfigPath path) {
    boolean hmac = false;
    boolean signature = false;
    for (JsonNode algorithm : jwt.path("algorithms")) {
      hmac |= "HS256".equals(algorithm.textValue());
      signature |= !"HS256".equals(algorithm.textValue());
    }
    if (hmac && !jwt.has("secret")) {
      problems.atValue(tree, path.key("algorithms"), "HS256 needs a secret");
    }
    if (signature && !jwt.has("jwksUrl") && !jwt.has("jwks")) {
      problems.atValue(tree, path.key("algorithms"), "RS256 and ES256 need jwksUrl or jwks");
    }
    JsonNode jwks = jwt.path("jwks");
    if (jwks.isObject()) {
      try {
        JWKSet.parse(jwks.toString());
      } catch (ParseException e) {
        problems.atValue(tree, path.key("jwks"), "invalid JSON Web Key Set: " + e.getMessage());
      }
    }
  }

  private void cidrs(JsonNode cidrs, ConfigPath path) {
    for (int i = 0; i < cidrs.size(); i++) {
      JsonNode cidr = cidrs.get(i);
      if (cidr.isTextual()) {
        try {
          Networks.parse(List.of(cidr.textValue()));
        } catch (IllegalArgumentException e) {
          problems.atValue(tree, path.index(i), e.getMessage());
        }
      }
    }
  }

  private boolean readable(JsonNode file, ConfigPath path) {
    if (!file.isTextual()) {
      return false;
    }
    Path resolved = base.resolve(file.textValue());
    if (!Files.isReadable(resolved) || Files.isDirectory(resolved)) {
      problems.atValue(tree, path, "cannot read file '" + resolved + "'");
      return false;
    }
    return true;
  }

  private void consumersFile(String file, ConfigPath path) {
    JsonNode consumers;
    try {
      consumers = SecurityConfigs.consumersFile(base.resolve(file));
    } catch (UncheckedIOException e) {
      problems.atValue(tree, path, "cannot parse '" + file + "': " + e.getCause().getMessage());
      return;
    }
    if (!consumers.isArray()) {
      problems.atValue(tree, path, "'" + file + "' must hold a consumers: list");
      return;
    }
    for (JsonNode consumer : consumers) {
      if (!consumer.path("name").isTextual() || !consumer.path("sha256").asText().matches("[0-9a-fA-F]{64}")) {
        problems.atValue(tree, path, "'" + file + "': every consumer needs a name and the 64 hex digits sha256 of its key");
        return;
      }
    }
  }

  /** Whether the list holds that string; a list's text would need an ObjectMapper (decision 1009). */
  private static boolean lists(JsonNode list, String value) {
    for (JsonNode element : list) {
      if (value.equals(element.textValue())) {
        return true;
      }
    }
    return false;
  }
}
