package dev.portway.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Portway's logging, set up in code: Logback finds this class through {@code ServiceLoader} before it
 * looks for a {@code logback.xml}, and reading XML cost a quarter of the start-up (decision 1006).
 *
 * <ul>
 *   <li>One console appender: {@code PORTWAY_LOG_FORMAT=plain} (default) writes
 *       {@code HH:mm:ss.SSS LEVEL logger - message}, {@code json} one JSON object per line (Logback's
 *       {@link JsonEncoder}, formatted message only). The access log (logger {@code portway.access})
 *       goes the same way.</li>
 *   <li>Root level {@code PORTWAY_LOG_LEVEL} (default {@code INFO}); Netty at INFO; Micrometer's
 *       double-registration warnings off: several traffic servers share one port, so Vert.x registers
 *       the same connection gauge once per server (one shared counter behind it).</li>
 *   <li>{@code -Dlogback.configurationFile=...} still wins: with it set, this class steps aside and
 *       Logback reads that file as usual.</li>
 * </ul>
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  static final String FORMAT_VARIABLE = "PORTWAY_LOG_FORMAT";
  static final String LEVEL_VARIABLE = "PORTWAY_LOG_LEVEL";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder(context, "json".equals(System.getenv(FORMAT_VARIABLE))));
    console.start();

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String level = System.getenv(LEVEL_VARIABLE);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(console);
    context.getLogger("io.netty").setLevel(Level.INFO);
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      // The formatted message replaces the raw "{}" pattern and its argument list; sequence numbers,
      // nanoseconds and the logger context are noise for a collector.
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithFormattedMessage(true);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    return encoder;
  }
}
