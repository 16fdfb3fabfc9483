package dev.egret.datapath.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live runner on a veth pair between two lab namespaces: the runner's side has no kernel
 * address; the peer is a plain kernel stack. Needs root and the {@code ip} command (skipped
 * otherwise).
 */
class LiveRunnerTest {
  private static final String NS_NODE = "eg-test-lrn-node";
  private static final String NS_PEER = "eg-test-lrn-peer";
  private static final String IF_NODE = "eg-lrn0";
  private static final String IF_PEER = "eg-lrn1";
  private static final String IF_STRANGER = "eg-stranger";
  private static final int NODE_IP = Ip4.parse("198.18.250.1");
  private static final int PEER_IP = Ip4.parse("198.18.250.2");
  private static final long NODE_MAC = Mac.parse("02:00:00:fa:00:01");

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(LiveTestSupport.canRunLab(), LiveTestSupport.skipReason());
    tearDown();
    LiveTestSupport.sh("ip", "netns", "add", NS_NODE);
    LiveTestSupport.sh("ip", "netns", "add", NS_PEER);
    for (String ns : List.of(NS_NODE, NS_PEER)) {
      LiveTestSupport.sh(
          "ip",
          "netns",
          "exec",
          ns,
          "sysctl",
          "-qw",
          "net.ipv6.conf.all.disable_ipv6=1",
          "net.ipv6.conf.default.disable_ipv6=1");
    }
    LiveTestSupport.sh(
        "ip", "link", "add", IF_NODE, "netns", NS_NODE, "type", "veth", "peer", "name", IF_PEER,
        "netns", NS_PEER);
    LiveTestSupport.sh("ip", "-n", NS_NODE, "link", "set", IF_NODE, "alias", "egret-lab test");
    LiveTestSupport.sh("ip", "-n", NS_PEER, "link", "set", IF_PEER, "alias", "egret-lab test");
    LiveTestSupport.sh(
        "ip", "-n", NS_NODE, "link", "set", IF_NODE, "address", Mac.format(NODE_MAC));
    LiveTestSupport.sh("ip", "-n", NS_NODE, "link", "set", IF_NODE, "up");
    LiveTestSupport.sh("ip", "-n", NS_PEER, "addr", "add", "198.18.250.2/24", "dev", IF_PEER);
    LiveTestSupport.sh("ip", "-n", NS_PEER, "link", "set", IF_PEER, "up");
    LiveTestSupport.sh(
        "ip", "netns", "exec", NS_PEER, "ethtool", "-K", IF_PEER, "tx", "off", "gso", "off");
    // An interface in a lab-named namespace without the lab's alias: the guard must refuse it.
    LiveTestSupport.sh(
        "ip",
        "-n",
        NS_NODE,
        "link",
        "add",
        IF_STRANGER,
        "type",
        "veth",
        "peer",
        "name",
        "eg-stranger1");
  }

  @AfterAll
  static void tearDown() {
    for (String ns : List.of(NS_NODE, NS_PEER)) {
      if (Files.exists(Path.of("/run/netns", ns))) {
        LiveTestSupport.shQuiet("ip", "netns", "del", ns);
      }
    }
  }

  @Test
  void guardRefusesWhatTheLabDidNotCreate() {
    var e1 = assertThrows(IllegalArgumentException.class, () -> LabGuard.check(NS_NODE, "lo"));
    assertTrue(e1.getMessage().contains("not a lab interface"), e1.getMessage());
    var e2 =
        assertThrows(IllegalArgumentException.class, () -> LabGuard.check(NS_NODE, IF_STRANGER));
    assertTrue(e2.getMessage().contains("alias"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class, () -> LabGuard.check("default", "eth0"));
    assertTrue(e3.getMessage().contains("not a lab namespace"), e3.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> LiveInterface.open(NS_NODE, IF_STRANGER, null));
    LabGuard.check(NS_NODE, IF_NODE); // the lab's own interface passes
  }

  @Test
  void answersArpReceivesFramesAndInjectsOnTheWire() throws Exception {
    BlockingQueue<byte[]> got = new ArrayBlockingQueue<>(16);
    LiveRunner runner = new LiveRunner("node", null, (port, skb) -> got.offer(skb.toByteArray()));
    runner.addPort(
        new LiveRunner.PortSpec(
            NS_NODE, IF_NODE, NODE_MAC, ip -> ip == NODE_IP, ip -> NODE_IP, true, null));
    runner.start();
    try {
      // The peer's kernel sends a datagram to the runner's address: it must ARP first.
      Netns.call(
          NS_PEER,
          () -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(PEER_IP(), 40000))) {
              byte[] m = "hello".getBytes(StandardCharsets.US_ASCII);
              s.send(new DatagramPacket(m, m.length, InetAddress.getByName("198.18.250.1"), 9));
            }
            return null;
          });
      byte[] f = got.poll(5, TimeUnit.SECONDS);
      assertTrue(f != null, "the runner saw the datagram");
      assertEquals(Eth.ETH_P_IP, Eth.proto(f, 0));
      assertEquals(
          NODE_MAC, Mac.read(f, Eth.DST), "the peer resolved our MAC through our ARP answer");
      assertEquals(PEER_IP, Ipv4.saddr(f, Eth.HLEN));
      assertTrue(runner.arpAnswered() >= 1);
      // The runner learnt the peer's MAC from its request; an injected frame reaches its socket.
      long peerMac = runner.macOf(PEER_IP);
      assertNotEquals(0L, peerMac);
      String reply =
          Netns.call(
              NS_PEER,
              () -> {
                try (DatagramSocket s =
                    new DatagramSocket(new InetSocketAddress(PEER_IP(), 40001))) {
                  s.setSoTimeout(5000);
                  Skb skb =
                      new FrameBuilder()
                          .macs(NODE_MAC, peerMac)
                          .ipv4(NODE_IP, PEER_IP)
                          .payload("pong".getBytes(StandardCharsets.US_ASCII))
                          .writeUdp(new Skb(256), 7, 40001);
                  runner.transmit(0, skb);
                  DatagramPacket p = new DatagramPacket(new byte[64], 64);
                  s.receive(p);
                  return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)
                      + " from "
                      + p.getAddress().getHostAddress()
                      + ":"
                      + p.getPort();
                }
              });
      assertEquals("pong from 198.18.250.1:7", reply);
    } finally {
      runner.stop();
    }
    assertTrue(!runner.isRunning());
  }

  @Test
  void netnsThreadsSeeTheirNamespacesDevices() throws Exception {
    assertTrue(devices(NS_PEER).contains(IF_PEER));
    assertTrue(!devices(NS_PEER).contains(IF_NODE));
    assertTrue(devices(NS_NODE).contains(IF_NODE));
    assertThrows(IllegalArgumentException.class, () -> Netns.enter("../etc"));
    assertThrows(IllegalArgumentException.class, () -> Netns.enter("eg-test-no-such-namespace"));
  }

  private static String devices(String ns) throws Exception {
    return Netns.call(ns, () -> Files.readString(Path.of("/proc/thread-self/net/dev")));
  }

  private static InetAddress PEER_IP() throws IOException {
    return InetAddress.getByName("198.18.250.2");
  }
}
