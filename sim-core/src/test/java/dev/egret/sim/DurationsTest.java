package dev.egret.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0s, 0",
    "1ns, 1",
    "500us, 500000",
    "500µs, 500000",
    "20ms, 20000000",
    "1.5s, 1500000000",
    "2m, 120000000000",
    "1h, 3600000000000",
    "1m30s, 90000000000",
    "0.000000001s, 1",
    "1.25ms, 1250000",
    "8000s, 8000000000000",
  })
  void parsesGoStyleDurations(String text, long nanos) {
    assertEquals(nanos, Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "500000, 500us",
    "1500000000, 1.5s",
    "120000000000, 2m",
    "90000000000, 90s",
    "3600000000000, 1h",
    "1250000, 1.25ms",
    "1000001, 1.000001ms",
  })
  void formatsShortestExactForm(long nanos, String text) {
    assertEquals(text, Durations.format(nanos));
  }

  @Property
  void formatThenParseIsIdentity(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long n) {
    assertEquals(n, Durations.parse(Durations.format(n)));
  }

  @Test
  void rejectsWithReasons() {
    assertMessage("10", "no unit");
    assertMessage("10 parsecs", "unknown unit");
    assertMessage("-1s", "negative");
    assertMessage("", "empty");
    assertMessage("s", "expected a number");
    assertMessage("0.1ns", "finer than a nanosecond");
    assertMessage("99999999999999999999s", "too large");
    assertMessage("999999999h", "too long");
  }

  private static void assertMessage(String input, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(input));
    assertTrue(e.getMessage().contains(fragment), input + " -> " + e.getMessage());
  }
}
