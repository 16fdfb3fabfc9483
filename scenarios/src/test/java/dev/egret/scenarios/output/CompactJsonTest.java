package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompactJsonTest {
  @Test
  void commasGoBetweenFieldsAndElementsOnly() {
    StringBuilder sb = new StringBuilder();
    CompactJson j = new CompactJson(sb);
    j.beginObject().field("a", 1).name("b").beginArray().value("x:").value(2).value(true);
    j.beginObject().endObject().beginArray().endArray().endArray();
    j.name("c").beginObject().field("d", "e").endObject().endObject();
    assertTrue(j.complete());
    assertEquals("{\"a\":1,\"b\":[\"x:\",2,true,{},[]],\"c\":{\"d\":\"e\"}}", sb.toString());
  }

  @Test
  void misuseIsCaught() {
    CompactJson j = new CompactJson(new StringBuilder());
    assertThrows(IllegalStateException.class, j::endObject);
    assertThrows(IllegalStateException.class, () -> j.name("x"));
    j.beginObject();
    assertFalse(j.complete());
    assertTrue(j.reset().complete());
  }

  @Test
  void escapesFollowGo() {
    StringBuilder sb = new StringBuilder();
    JsonText.appendQuoted(sb, "a\"b\\c\n\r\t\b\f\u001f<>&\u2028\u2029é");
    assertEquals(
        "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u001f\\u003c\\u003e\\u0026\\u2028\\u2029é\"", sb.toString());
  }
}
