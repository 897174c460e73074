package dev.portway.gateway.config;

import java.util.List;
import java.util.Map;

/**
 * {@code requestHeaders:} or {@code responseHeaders:} of a route, applied in this order: {@code remove}
 * the named headers, {@code set} (replace every value), {@code add} (one more value).
 */
public record HeadersConfig(Map<String, String> set, Map<String, String> add, List<String> remove) {

  public HeadersConfig {
    set = Map.copyOf(set);
    add = Map.copyOf(add);
    remove = List.copyOf(remove);
  }
}
