package dev.egret.scenarios.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.egret.datapath.net.Ip4;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HttpMessagesTest {
  @Test
  void requestLooksLikeCurls() {
    assertEquals(
        "GET / HTTP/1.1\r\nHost: echo\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n",
        new String(HttpMessages.request("echo", 80), StandardCharsets.US_ASCII));
    assertEquals(
        "GET / HTTP/1.1\r\nHost: 1.2.3.4:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n",
        new String(HttpMessages.request("1.2.3.4", 8080), StandardCharsets.US_ASCII));
  }

  @Test
  void responseHeadersAndBody() {
    byte[] r = HttpMessages.okResponse("héllo\n");
    String s = new String(r, StandardCharsets.UTF_8);
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 7\r\n"
            + "Connection: close\r\n\r\nhéllo\n",
        s);
    assertEquals(200, HttpMessages.status(r, r.length));
    assertEquals(r.length - 7, HttpMessages.bodyStart(r, r.length));
    assertEquals(-1, HttpMessages.bodyStart(r, 20));
    assertEquals(-1, HttpMessages.status("HTTP/2 200".getBytes(StandardCharsets.US_ASCII), 10));
  }

  @Property
  void headerEndIsFoundWhateverTheChunking(@ForAll @IntRange(min = 1, max = 80) int chunk) {
    byte[] req = ("GET / HTTP/1.1\r\nHost: a\r\r\n\n\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    int m = 0;
    int doneAt = -1;
    for (int off = 0; off < req.length && doneAt < 0; off += chunk) {
      int len = Math.min(chunk, req.length - off);
      m = HttpMessages.scanHeaderEnd(m, req, off, len);
      if (m == 4) {
        doneAt = off + len;
      }
    }
    assertEquals(4, m);
    assertEquals(req.length, doneAt, "found in the chunk holding the last byte, not before");
  }

  @Test
  void ipPortParsing() {
    assertEquals(new IpPort(Ip4.parse("172.18.0.3"), 40112), IpPort.parse("172.18.0.3:40112\n"));
    assertEquals("172.18.0.3:40112", IpPort.parse("172.18.0.3:40112").toString());
    assertNull(IpPort.parse("172.18.0.3"));
    assertNull(IpPort.parse("172.18.0.3:"));
    assertNull(IpPort.parse("172.18.0.3:70000"));
    assertNull(IpPort.parse("x:1"));
    assertNull(IpPort.parse(null));
  }
}
