package dev.portway.gateway.policy;

import dev.portway.gateway.proxy.Policy;
import dev.portway.gateway.proxy.ProxyExchange;
import io.vertx.core.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rewritePath: {regex, replacement}}: the path (after {@code stripPrefix}) is replaced where
 * {@code regex} matches; {@code $1} and {@code ${name}} refer to groups. A path the regex does not
 * match passes unchanged.
 */
public final class RewritePath implements Policy {

  private final Pattern regex;
  private final String replacement;

  public RewritePath(String regex, String replacement) {
    this.regex = Pattern.compile(regex);
    this.replacement = replacement;
  }

  @Override
  public Future<Void> onRequest(ProxyExchange exchange) {
    exchange.path(rewrite(exchange.path()));
    return Future.succeededFuture();
  }

  String rewrite(String path) {
    Matcher matcher = regex.matcher(path);
    if (!matcher.find()) {
      return path;
    }
    String rewritten = matcher.replaceAll(replacement);
    return rewritten.startsWith("/") ? rewritten : "/" + rewritten;
  }
}
