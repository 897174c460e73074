package dev.portway.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Logging set up in code; the formats themselves are checked on a running server (ServerProcessTest). */
class LogSetupTest {

  @Test
  void configuresTheConsoleAndTheLevelsAndStopsLogbackLookingFurther() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);

    ExecutionStatus status = setup.configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("CONSOLE")).isInstanceOf(ConsoleAppender.class);
    assertThat(root.getAppender("CONSOLE").isStarted()).isTrue();
    // The test JVM has no PORTWAY_LOG_LEVEL, so the default applies.
    assertThat(System.getenv(LogSetup.LEVEL_VARIABLE)).isNull();
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.micrometer.core.instrument.MeterRegistry").getLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("portway.access").getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void aConfigurationFileNamedOnTheCommandLineWins() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    String before = System.setProperty("logback.configurationFile", "custom.xml");
    try {
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }
}
