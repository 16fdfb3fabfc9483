package dev.egret.scenarios.traffic;

/**
 * Frame counters of one {@link HostStack}. Frames the stack drops are dropped silently (as a kernel
 * does) and only counted here.
 */
public final class HostCounters {
  long framesReceived;
  long framesSent;
  long notForHost;
  long badChecksum;
  long malformed;
  long fragments;
  long reassembled;
  long reassemblyFailed;
  long unsupported;
  long tcpResetsSent;
  long portUnreachableSent;
  long echoRepliesSent;

  /** Frames handed to {@link HostStack#receive}. */
  public long framesReceived() {
    return framesReceived;
  }

  /** Frames handed to the {@link FrameSink}. */
  public long framesSent() {
    return framesSent;
  }

  /** Dropped: destination MAC not ours (nor broadcast), or destination IP not ours. */
  public long notForHost() {
    return notForHost;
  }

  /** Dropped: IPv4 header or TCP/UDP/ICMP checksum wrong. */
  public long badChecksum() {
    return badChecksum;
  }

  /** Dropped: truncated or inconsistent headers. */
  public long malformed() {
    return malformed;
  }

  /** IPv4 fragments received (queued for reassembly). */
  public long fragments() {
    return fragments;
  }

  /** Datagrams reassembled from fragments. */
  public long reassembled() {
    return reassembled;
  }

  /** Datagrams whose fragments were discarded: overlapping, or incomplete after 30 s. */
  public long reassemblyFailed() {
    return reassemblyFailed;
  }

  /** Dropped: not IPv4 (ARP, IPv6), another IP protocol, or an ICMP type the host ignores. */
  public long unsupported() {
    return unsupported;
  }

  /** TCP RSTs sent for segments that matched no connection (closed ports included). */
  public long tcpResetsSent() {
    return tcpResetsSent;
  }

  /** ICMP port unreachable sent for UDP datagrams to unbound ports. */
  public long portUnreachableSent() {
    return portUnreachableSent;
  }

  /** ICMP echo replies sent. */
  public long echoRepliesSent() {
    return echoRepliesSent;
  }

  /** Frames dropped on receive (fragments not counted: they are queued, not dropped). */
  public long dropped() {
    return notForHost + badChecksum + malformed + unsupported;
  }
}
