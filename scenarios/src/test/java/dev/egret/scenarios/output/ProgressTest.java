package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong wall = new AtomicLong(5 * SECOND);

  @Test
  void aShortRunDrawsNothing() {
    try (Progress p = Progress.forTest(20 * SECOND, true, err, 80, wall::get)) {
      p.update(SECOND);
      wall.addAndGet(SECOND / 2);
      p.update(20 * SECOND);
      assertFalse(p.isShown());
    }
    assertEquals("", text());
  }

  @Test
  void aLongRunDrawsSimulatedTimeOutOfTheTotalOnTheGivenStream() {
    try (Progress p = Progress.forTest(20 * SECOND, true, err, 100, wall::get)) {
      p.update(SECOND);
      wall.addAndGet(2 * SECOND);
      p.update(7 * SECOND);
      assertTrue(p.isShown());
      p.update(20 * SECOND);
    }
    String t = text();
    assertTrue(t.contains("simulating"), t);
    assertTrue(t.contains("20/20s"), t);
    assertTrue(t.endsWith("\n") || t.endsWith(System.lineSeparator()), t);
  }

  @Test
  void shortSimulationsCountMilliseconds() {
    try (Progress p = Progress.forTest(SECOND / 2, true, err, 100, wall::get)) {
      wall.addAndGet(3 * SECOND);
      p.update(SECOND / 4);
      p.update(SECOND / 2);
    }
    assertTrue(text().contains("500/500ms"), text());
  }

  @Test
  void quietOrNotATerminalDrawsNothing() {
    try (Progress p = Progress.forTest(20 * SECOND, false, err, 80, wall::get)) {
      wall.addAndGet(10 * SECOND);
      p.update(10 * SECOND);
      assertFalse(p.isShown());
    }
    try (Progress p = Progress.create(20 * SECOND, true)) {
      p.update(10 * SECOND);
      assertFalse(p.isShown());
    }
    try (Progress p = Progress.disabled()) {
      p.update(10 * SECOND);
      assertFalse(p.isShown());
    }
    assertEquals("", text());
  }

  @Test
  void terminalDevicesAreRecognised() {
    assertTrue(StderrTerminal.isTerminalDevice("/dev/pts/3"));
    assertTrue(StderrTerminal.isTerminalDevice("/dev/tty1"));
    assertTrue(StderrTerminal.isTerminalDevice("/dev/console"));
    assertFalse(StderrTerminal.isTerminalDevice("pipe:[123456]"));
    assertFalse(StderrTerminal.isTerminalDevice("socket:[99]"));
    assertFalse(StderrTerminal.isTerminalDevice("/dev/null"));
    assertFalse(StderrTerminal.isTerminalDevice("/tmp/bash_jobs/stderr"));
  }

  @Test
  void underTheTestRunnerStderrIsAPipeNotATerminal() {
    // surefire forks the test JVM with its standard streams on pipes
    assertFalse(StderrTerminal.isTerminal());
    try (Progress p = Progress.create(SECOND, false)) {
      p.update(SECOND);
      assertFalse(p.isShown());
    }
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
