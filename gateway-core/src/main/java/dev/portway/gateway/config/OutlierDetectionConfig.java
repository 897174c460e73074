package dev.portway.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code outlierDetection:} of an upstream (passive health): a target whose requests fail
 * {@code consecutiveFailures} times in a row is ejected for {@code ejectionTime}, doubled on each
 * ejection that follows another without a success in between, up to {@code maxEjectionTime}.
 */
public record OutlierDetectionConfig(int consecutiveFailures, Duration ejectionTime, Duration maxEjectionTime) {

  public OutlierDetectionConfig {
    Objects.requireNonNull(ejectionTime, "ejectionTime");
    Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
  }
}
