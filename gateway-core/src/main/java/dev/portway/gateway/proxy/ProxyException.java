package dev.portway.gateway.proxy;

import java.util.Map;

/**
 * An answer the gateway gives itself instead of the upstream's: a status and a JSON body
 * {@code {"error": code, "message": message, "requestId": ...}}. Carries no stack trace: it is a
 * response, not a bug.
 */
public final class ProxyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, String> headers;

  public ProxyException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** An answer with response headers of its own ({@code WWW-Authenticate}, {@code Retry-After}). */
  public ProxyException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  /** 404: no route takes the request. */
  public static ProxyException noRoute(String method, String path) {
    return new ProxyException(404, "no_route", "no route for " + method + " " + path);
  }

  /** 502: the upstream refused the connection, reset it or sent no valid response. */
  public static ProxyException badGateway(String upstream, String detail) {
    return new ProxyException(502, "bad_gateway", "upstream " + upstream + ": " + detail);
  }

  /** 503: every target of the upstream is unhealthy, ejected or behind an open circuit breaker. */
  public static ProxyException noHealthyTarget(String upstream) {
    return new ProxyException(503, "no_healthy_target", "upstream " + upstream + ": no healthy target");
  }

  /** 504: connecting to or waiting for the upstream took longer than allowed. */
  public static ProxyException gatewayTimeout(String upstream, String detail) {
    return new ProxyException(504, "gateway_timeout", "upstream " + upstream + ": " + detail);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Headers sent with the answer. */
  public Map<String, String> headers() {
    return headers;
  }
}
