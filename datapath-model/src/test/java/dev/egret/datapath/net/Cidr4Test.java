package dev.egret.datapath.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Cidr4Test {

  @Test
  void parsesAndFormats() {
    Cidr4 c = Cidr4.parse("172.18.0.0/16");
    assertEquals(Ip4.parse("172.18.0.0"), c.address());
    assertEquals(16, c.prefixLength());
    assertEquals("172.18.0.0/16", c.toString());
    assertTrue(c.contains(Ip4.parse("172.18.255.1")));
    assertFalse(c.contains(Ip4.parse("172.19.0.1")));
    assertTrue(Cidr4.parse("0.0.0.0/0").contains(Ip4.parse("8.8.8.8")));
  }

  @Test
  void keepsHostBitsAsWritten() {
    Cidr4 c = Cidr4.parse("1.1.1.5/24");
    assertEquals("1.1.1.5/24", c.toString());
    assertTrue(c.hasHostBits());
    assertEquals("1.1.1.0/24", c.masked().toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33|prefix length must be 0..32",
        "10.0.0.0|missing /prefix-length",
        "2001:db8::/64|IPv6",
        "10.0.0.256/8|is not an IPv4 address",
        "10.0.0.0/|prefix length must be 0..32",
        "10.0.0.0/8x|prefix length must be 0..32",
      })
  void rejectsWithReasons(String input, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidr4.parse(input));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"1.2.3.4", "0.0.0.0", "255.255.255.255", "10.0.0.31"})
  void roundTripsAddresses(String s) {
    assertEquals(s, Ip4.format(Ip4.parse(s)));
  }

  @ParameterizedTest
  @CsvSource({"1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "a.b.c.d", "256.1.1.1", "1.2.3.4."})
  void rejectsBadAddresses(String s) {
    assertFalse(Ip4.isValid(s));
    assertThrows(IllegalArgumentException.class, () -> Ip4.parse(s));
  }
}
