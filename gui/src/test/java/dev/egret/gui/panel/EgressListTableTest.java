package dev.egret.gui.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EgressListTableTest {
  @Test
  void splitsTabwriterColumnsKeepingSingleSpaces() {
    String table =
        "Source IP   Destination CIDR   Egress IP   Gateway IP\n"
            + "10.0.1.2    203.0.113.0/24     0.0.0.0     Not Found\n"
            + "10.0.1.3    10.0.0.0/8         0.0.0.0     Excluded CIDR\n";
    assertEquals(
        List.of("Source IP", "Destination CIDR", "Egress IP", "Gateway IP"),
        EgressListTable.header(table));
    assertEquals(
        List.of(
            List.of("10.0.1.2", "203.0.113.0/24", "0.0.0.0", "Not Found"),
            List.of("10.0.1.3", "10.0.0.0/8", "0.0.0.0", "Excluded CIDR")),
        EgressListTable.rows(table));
  }

  @Test
  void emptyTable() {
    assertEquals(List.of(), EgressListTable.header(""));
    assertEquals(List.of(), EgressListTable.rows(""));
  }
}
