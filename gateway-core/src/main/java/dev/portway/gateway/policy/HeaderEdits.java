package dev.portway.gateway.policy;

import dev.portway.gateway.config.HeadersConfig;
import io.vertx.core.MultiMap;
import java.util.Map;

/** The edits of one {@link HeadersConfig}, flattened to arrays once so applying them allocates nothing. */
final class HeaderEdits {

  private final String[] remove;
  private final String[][] set;
  private final String[][] add;

  HeaderEdits(HeadersConfig config) {
    this.remove = config.remove().toArray(String[]::new);
    this.set = pairs(config.set());
    this.add = pairs(config.add());
  }

  private static String[][] pairs(Map<String, String> map) {
    return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new String[] {e.getKey(), e.getValue()}).toArray(String[][]::new);
  }

  void apply(MultiMap headers) {
    for (String name : remove) {
      headers.remove(name);
    }
    for (String[] header : set) {
      headers.set(header[0], header[1]);
    }
    for (String[] header : add) {
      headers.add(header[0], header[1]);
    }
  }
}
