package dev.portway.it.support;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition, as a scraper would. */
public final class Prometheus {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private Prometheus() {}

  /**
   * The sum of the samples named {@code name} whose labels include all of {@code labels}; 0 when there is
   * none (a counter that was never incremented may not be exposed yet).
   */
  public static double sum(String exposition, String name, Map<String, String> labels) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.trim());
      if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
        continue;
      }
      if (labelsOf(sample.group(2)).entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(sample.group(3));
      }
    }
    return total;
  }

  private static Map<String, String> labelsOf(String text) {
    Map<String, String> labels = new HashMap<>();
    if (text != null) {
      Matcher label = LABEL.matcher(text);
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
    }
    return labels;
  }
}
