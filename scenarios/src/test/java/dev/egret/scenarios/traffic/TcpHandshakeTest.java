package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.MILLISECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpHandshakeTest {
  private final TestNet net = new TestNet(7);
  private final HostStack pod = net.pod("default/my-app", "10.0.1.23");
  private final HostStack ext = net.external("echo", "172.18.0.100");

  @Test
  void threeWayHandshakeWithMssOptions() {
    ext.listenTcp(80, new TcpSinkApp());
    TcpConnection c = pod.connectTcp(ext.ip(), 80, 42, new TcpHandler() {});
    net.sim.runUntil(MILLISECOND);

    List<Frame> f = net.frames;
    assertEquals(3, f.size(), f.toString());
    Frame syn = f.get(0);
    assertEquals(Tcp.SYN, syn.flags());
    assertEquals(c.iss() & 0xffffffffL, syn.seq());
    assertEquals(0, syn.ack());
    assertEquals(1410, syn.mssOption(), "pod MSS = 1450 - 40");
    assertEquals(24, syn.tcpHeaderLength());
    assertEquals(LinuxTcp.TCP_RCV_WINDOW, syn.window());
    assertEquals(c.localPort(), syn.sport());
    assertEquals(80, syn.dport());
    assertTrue(syn.df());
    assertEquals(64, syn.ttl());
    assertEquals(0, syn.at());

    Frame synAck = f.get(1);
    assertEquals(Tcp.SYN | Tcp.ACK, synAck.flags());
    assertEquals(syn.seq() + 1, synAck.ack());
    assertEquals(1460, synAck.mssOption(), "external MSS = 1500 - 40");
    assertEquals(0, synAck.ipId(), "ip_build_and_send_pkt sends the SYN-ACK with id 0");
    assertEquals(50 * MICROSECOND, synAck.at());

    Frame ack = f.get(2);
    assertEquals(Tcp.ACK, ack.flags());
    assertEquals(syn.seq() + 1, ack.seq());
    assertEquals(synAck.seq() + 1, ack.ack());
    assertEquals(20, ack.tcpHeaderLength());
    assertEquals(100 * MICROSECOND, ack.at());

    assertEquals(TcpState.ESTABLISHED, c.state());
    assertEquals(1410, c.mss(), "the send MSS is the smaller of both");
    assertEquals(100 * MICROSECOND, c.establishedAt());
    TcpConnection server = ext.tcpConnection(80, pod.ip(), c.localPort());
    assertNotNull(server);
    assertEquals(TcpState.ESTABLISHED, server.state());
    assertEquals(1410, server.mss());
    assertTrue(server.isPassive());
    for (Frame x : f) {
      assertEquals(42, x.tag(), "every frame of the connection carries its id: " + x);
    }
    net.assertFramesValid();
  }

  @Test
  void synToClosedPortIsAnsweredWithRst() {
    TcpActivity a =
        new TcpActivity(pod, ext.ip(), 81, 0, 0, 10 * 1_000_000_000L, 5, -1, net.recorder);
    net.sim.scheduleAt(0, a);
    net.runAndCheck();

    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.REFUSED, r.outcome());
    assertEquals(100 * MICROSECOND, r.finishedAt());
    assertFalse(r.replyReceived());
    assertEquals(2, net.frames.size());
    Frame syn = net.frames.get(0);
    Frame rst = net.frames.get(1);
    assertEquals(Tcp.RST | Tcp.ACK, rst.flags());
    assertEquals(0, rst.seq());
    assertEquals(syn.seq() + 1, rst.ack());
    assertEquals(syn.sport(), rst.dport());
    assertEquals(5, rst.tag(), "the RST carries the SYN's tag");
    assertEquals(1, ext.counters().tcpResetsSent());
    ServerSighting s = net.recorder.sightings.get(0);
    assertFalse(s.listening());
    assertEquals(pod.ip(), s.peerIp());
    assertEquals(syn.sport(), s.peerPort());
    assertEquals(0, pod.tcpConnections());
  }

  @Test
  void stray_ackToUnknownConnectionGetsRstWithItsAckAsSequence() {
    Skb skb = new Skb(100);
    new FrameBuilder()
        .macs(0x0200_0000_0001L, ext.mac())
        .ipv4(pod.ip(), ext.ip())
        .writeTcp(skb, 40000, 80, 1000, 777_777, Tcp.ACK, 1000);
    skb.setTag(9);
    ext.receive(skb);
    assertEquals(1, net.frames.size());
    Frame rst = net.frames.get(0);
    assertEquals(Tcp.RST, rst.flags());
    assertEquals(777_777, rst.seq());
    assertEquals(9, rst.tag());
    assertTrue(net.recorder.sightings.isEmpty(), "only SYNs are sightings");
  }

  @Test
  void rstIsNeverAnswered() {
    Skb skb = new Skb(100);
    new FrameBuilder()
        .macs(0x0200_0000_0001L, ext.mac())
        .ipv4(pod.ip(), ext.ip())
        .writeTcp(skb, 40000, 80, 1000, 0, Tcp.RST, 0);
    ext.receive(skb);
    assertTrue(net.frames.isEmpty());
  }

  @Test
  void echoIpAnswersWithThePeerAsSeen() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    HttpActivity a =
        new HttpActivity(pod, ext.ip(), 80, "echo", 10_000_000_000L, 77, -1, net.recorder);
    net.sim.scheduleAt(0, a);
    net.runAndCheck();

    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals(200, r.httpStatus());
    assertEquals("10.0.1.23:" + r.localPort() + "\n", r.responseBody());
    assertEquals(new IpPort(pod.ip(), r.localPort()), r.echoedSource());
    String response = new String(r.responseBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.contains("\r\nContent-Type: text/plain"), response);
    assertTrue(response.contains("\r\nContent-Length: " + r.responseBody().length() + "\r\n"));
    assertTrue(response.contains("\r\nConnection: close\r\n"), response);
    assertEquals(0, r.startedAt());
    assertEquals(100 * MICROSECOND, r.handshakeAt());
    // request leaves at 100us with the handshake's ACK before it, reaches the server at 150us,
    // the answer is back at 200us
    assertEquals(200 * MICROSECOND, r.firstAnswerAt());
    assertEquals(200 * MICROSECOND, r.rttNanos());
    assertEquals(r.firstAnswerAt(), r.finishedAt(), "the FIN rides on the response");

    Frame request =
        net.select(f -> f.isTcp() && f.from().equals(pod.name()) && f.payloadLength() > 0).get(0);
    String req = new String(request.payload(), java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(
        "GET / HTTP/1.1\r\nHost: echo\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n", req);
    Frame answer =
        net.select(f -> f.isTcp() && f.from().equals(ext.name()) && f.payloadLength() > 0).get(0);
    assertTrue(
        answer.has(Tcp.FIN) && answer.has(Tcp.PSH) && answer.has(Tcp.ACK), answer.toString());

    ServerSighting s = net.recorder.sightings.get(0);
    assertEquals(77, s.tag());
    assertEquals(pod.ip(), s.peerIp());
    assertEquals(r.localPort(), s.peerPort());
    assertEquals(80, s.serverPort());
    assertEquals(50 * MICROSECOND, s.at());
    assertTrue(s.listening());
    for (Frame f : net.frames) {
      assertEquals(77, f.tag(), f.toString());
    }
    assertEquals(0, pod.tcpConnections(), "the client closed (LAST_ACK -> CLOSED)");
    assertEquals(0, ext.tcpConnections(), "the server's TIME_WAIT expired");
    assertNull(ext.tcpConnection(80, pod.ip(), r.localPort()));
  }

  @Test
  void httpAppAnswersItsStaticBody() {
    ext.listenTcp(8080, HttpServerApp.fixed("hello\n"));
    HttpActivity a =
        new HttpActivity(pod, ext.ip(), 8080, "172.18.0.100", 10_000_000_000L, 3, -1, net.recorder);
    net.sim.scheduleAt(0, a);
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals("hello\n", r.responseBody());
    Frame request =
        net.select(f -> f.isTcp() && f.from().equals(pod.name()) && f.payloadLength() > 0).get(0);
    assertTrue(
        new String(request.payload(), java.nio.charset.StandardCharsets.US_ASCII)
            .contains("Host: 172.18.0.100:8080\r\n"));
  }

  @Test
  void defaultHttpBodyIsOk() {
    ext.listenTcp(80, HttpServerApp.fixed(null));
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "echo", 10_000_000_000L, 3, -1, net.recorder));
    net.runAndCheck();
    assertEquals("ok\n", net.recorder.only().responseBody());
  }

  @Test
  void ipIdsCountUpPerConnectionAndDfIsSet() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "echo", 10_000_000_000L, 3, -1, net.recorder));
    net.runAndCheck();
    List<Frame> mine = net.from(pod);
    for (int i = 1; i < mine.size(); i++) {
      assertEquals((mine.get(i - 1).ipId() + 1) & 0xffff, mine.get(i).ipId());
    }
    for (Frame f : net.frames) {
      assertTrue(f.df(), f.toString());
    }
    assertEquals(Ipv4.DEFAULT_TTL, mine.get(0).ttl());
  }
}
