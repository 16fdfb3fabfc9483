package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FIN in both orders, simultaneous close, RST in both directions. */
class TcpCloseTest {
  private final TestNet net = new TestNet(3);
  private final HostStack pod = net.pod("default/a", "10.0.1.7");
  private final HostStack ext = net.external("srv", "172.18.0.100");
  private final List<String> log = new ArrayList<>();

  /** A handler recording what happens to one side. */
  private TcpHandler recording(String side, boolean closeOnEstablished, boolean closeOnPeerFin) {
    return new TcpHandler() {
      @Override
      public void established(TcpConnection c) {
        log.add(side + " established");
        if (closeOnEstablished) {
          c.close();
        }
      }

      @Override
      public void peerClosed(TcpConnection c) {
        log.add(side + " peerClosed in " + c.state());
        if (closeOnPeerFin) {
          c.close();
        }
      }

      @Override
      public void sendCompleted(TcpConnection c) {
        log.add(side + " sendCompleted");
      }

      @Override
      public void closed(TcpConnection c, TcpCloseReason reason) {
        log.add(side + " closed " + reason + " in " + c.state());
      }
    };
  }

  private List<TcpState> statesAt(TcpConnection[] c, long... times) {
    List<TcpState> states = new ArrayList<>();
    for (long t : times) {
      net.sim.scheduleAt(t, s -> states.add(c[0] == null ? null : c[0].state()));
    }
    return states;
  }

  @Test
  void clientClosesFirst() {
    TcpConnection[] srv = new TcpConnection[1];
    ext.listenTcp(
        80,
        c -> {
          srv[0] = c;
          return recording("server", false, true);
        });
    TcpConnection[] cli = {pod.connectTcp(ext.ip(), 80, 1, recording("client", true, false))};
    List<TcpState> client = statesAt(cli, 150 * MICROSECOND, 225 * MICROSECOND, SECOND);
    List<TcpState> server = statesAt(srv, 175 * MICROSECOND, 225 * MICROSECOND);
    net.runAndCheck();

    assertEquals(List.of(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT, TcpState.TIME_WAIT), client);
    assertEquals(List.of(TcpState.LAST_ACK, TcpState.LAST_ACK), server);
    assertEquals(
        List.of(
            "client established",
            "server established",
            "server peerClosed in CLOSE_WAIT",
            "client sendCompleted",
            "client peerClosed in FIN_WAIT_2",
            "client closed CLOSED in TIME_WAIT",
            "server sendCompleted",
            "server closed CLOSED in CLOSED"),
        log);
    Frame firstFin = net.select(f -> f.has(Tcp.FIN)).get(0);
    assertEquals(pod.name(), firstFin.from());
    assertEquals(0, pod.tcpConnections(), "TIME_WAIT expired");
    assertEquals(0, ext.tcpConnections());
  }

  @Test
  void serverClosesFirst() {
    TcpConnection[] srv = new TcpConnection[1];
    ext.listenTcp(
        80,
        c -> {
          srv[0] = c;
          return recording("server", true, false);
        });
    TcpConnection[] cli = {pod.connectTcp(ext.ip(), 80, 1, recording("client", false, true))};
    List<TcpState> server = statesAt(srv, 175 * MICROSECOND, 275 * MICROSECOND);
    List<TcpState> client = statesAt(cli, 225 * MICROSECOND);
    net.runAndCheck();
    assertEquals(List.of(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT), server);
    assertEquals(List.of(TcpState.LAST_ACK), client);
    assertEquals(ext.name(), net.select(f -> f.has(Tcp.FIN)).get(0).from());
    assertTrue(log.contains("client closed CLOSED in CLOSED"), log.toString());
    assertTrue(log.contains("server closed CLOSED in TIME_WAIT"), log.toString());
  }

  @Test
  void simultaneousCloseGoesThroughClosingOnBothSides() {
    TcpConnection[] srv = new TcpConnection[1];
    ext.listenTcp(
        80,
        c -> {
          srv[0] = c;
          return recording("server", true, false);
        });
    TcpConnection[] cli = {pod.connectTcp(ext.ip(), 80, 1, recording("client", true, false))};
    List<TcpState> server = statesAt(srv, 175 * MICROSECOND, 275 * MICROSECOND);
    List<TcpState> client = statesAt(cli, 225 * MICROSECOND, 275 * MICROSECOND);
    net.runAndCheck();
    assertEquals(List.of(TcpState.CLOSING, TcpState.TIME_WAIT), server);
    // the client passes CLOSING in an instant: the server's FIN and its ACK of ours arrive
    // together at 200us (the log shows it)
    assertEquals(List.of(TcpState.TIME_WAIT, TcpState.TIME_WAIT), client);
    assertTrue(log.contains("client peerClosed in CLOSING"), log.toString());
    assertTrue(log.contains("server peerClosed in CLOSING"), log.toString());
    assertTrue(log.contains("client closed CLOSED in TIME_WAIT"), log.toString());
    assertTrue(log.contains("server closed CLOSED in TIME_WAIT"), log.toString());
    assertEquals(0, pod.tcpConnections());
    assertEquals(0, ext.tcpConnections());
  }

  @Test
  void timeWaitLastsTwoSecondsAndHoldsTheTuple() {
    ext.listenTcp(80, c -> recording("server", false, true));
    TcpConnection c = pod.connectTcp(ext.ip(), 80, 1, recording("client", true, false));
    net.sim.runUntil(SECOND);
    assertEquals(TcpState.TIME_WAIT, c.state());
    assertEquals(c, pod.tcpConnection(c.localPort(), ext.ip(), 80));
    // entered at 200us, when the server's FIN arrived
    net.sim.runUntil(2 * SECOND + 199 * MICROSECOND);
    assertEquals(TcpState.TIME_WAIT, c.state());
    net.sim.runUntil(2 * SECOND + 200 * MICROSECOND);
    assertEquals(TcpState.CLOSED, c.state());
    assertNull(pod.tcpConnection(c.localPort(), ext.ip(), 80));
  }

  @Test
  void rstFromTheServerResetsTheClient() {
    ext.listenTcp(
        80,
        c ->
            new TcpHandler() {
              @Override
              public void data(TcpConnection conn, byte[] b, int off, int len) {
                conn.abort();
              }
            });
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "srv", 10 * SECOND, 12, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.RESET, r.outcome());
    assertEquals(200 * MICROSECOND, r.finishedAt());
    Frame rst = net.select(f -> f.has(Tcp.RST)).get(0);
    assertEquals(ext.name(), rst.from());
    assertEquals(Tcp.RST | Tcp.ACK, rst.flags());
    assertEquals(12, rst.tag());
    assertEquals(0, pod.tcpConnections());
    assertEquals(0, ext.tcpConnections());
  }

  @Test
  void clientTimeoutAbortsAnEstablishedConnectionWithRst() {
    ext.listenTcp(80, new TcpSinkApp()); // never answers an HTTP request
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "srv", 3 * SECOND, 13, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.TIMED_OUT, r.outcome());
    assertEquals(3 * SECOND, r.finishedAt());
    assertEquals(100 * MICROSECOND, r.handshakeAt());
    Frame rst = net.select(f -> f.has(Tcp.RST)).get(0);
    assertEquals(pod.name(), rst.from());
    assertEquals(3 * SECOND, rst.at());
    assertEquals(0, ext.tcpConnections(), "the RST closed the server side");
  }

  @Test
  void inWindowRstWithWrongSequenceDrawsAChallengeAck() {
    ext.listenTcp(80, new TcpSinkApp());
    TcpConnection c = pod.connectTcp(ext.ip(), 80, 1, new TcpHandler() {});
    net.sim.runUntil(SECOND);
    TcpConnection s = ext.tcpConnection(80, pod.ip(), c.localPort());
    long rcvNxt = net.frames.get(2).seq(); // the handshake ACK's sequence: what the server expects
    int before = net.frames.size();
    ext.receive(rst(c.localPort(), (int) rcvNxt + 100));
    assertEquals(TcpState.ESTABLISHED, s.state(), "RFC 5961: not exactly rcv_nxt");
    assertEquals(before + 1, net.frames.size());
    assertEquals(Tcp.ACK, net.frames.get(before).flags());
    ext.receive(rst(c.localPort(), (int) rcvNxt));
    assertEquals(TcpState.CLOSED, s.state());
  }

  private Skb rst(int sport, int seq) {
    Skb skb = new Skb(100);
    new FrameBuilder()
        .macs(TestNet.ROUTER_MAC, ext.mac())
        .ipv4(pod.ip(), ext.ip())
        .writeTcp(skb, sport, 80, seq & 0xffffffffL, 0, Tcp.RST, 0);
    return skb;
  }
}
