package dev.egret.scenarios.traffic;

import dev.egret.datapath.packet.Csum;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.sim.Durations;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;
import java.util.Arrays;
import java.util.BitSet;

/**
 * IPv4 reassembly of one host, modelled on {@code ip_defrag} ({@code net/ipv4/ip_fragment.c}):
 * fragments are queued by (source, IP id, protocol); a datagram is complete when the fragment
 * without MF has arrived and every 8-byte block before it; a queue that does not complete within
 * {@code net.ipv4.ipfrag_time} (30 s) is discarded (Linux would also send ICMP time exceeded, which
 * egret does not). Exact duplicates are ignored; overlapping fragments discard the datagram (RFC
 * 5722, Linux since 4.19). Allocates per datagram, not per fragment of the steady path (there is
 * none: TCP never fragments).
 */
final class Ipv4Reassembly {
  /** {@code net.ipv4.ipfrag_time}: how long an incomplete datagram waits. */
  static final long IPFRAG_TIME = 30 * Durations.SECOND;

  /** The largest IPv4 datagram. */
  static final int IP_MAX_LEN = 0xffff;

  /** Fragment offsets count 8-byte blocks. */
  static final int BLOCK = 8;

  private final HostStack host;
  private final LongMap<Queue> queues = new LongMap<>();

  Ipv4Reassembly(HostStack host) {
    this.host = host;
  }

  /** Datagrams being reassembled. */
  int pending() {
    return queues.size();
  }

  /**
   * Queues the fragment whose IPv4 header is at {@code l3} (checksum already verified); returns the
   * reassembled datagram (IPv4 header at offset 0, no fragment bits, checksum fixed) when this
   * fragment completes it, else null.
   */
  byte[] offer(byte[] b, int l3) {
    int hl = Ipv4.hdrLen(b, l3);
    int len = Ipv4.totLen(b, l3) - hl;
    int word = Ipv4.fragOff(b, l3);
    boolean more = (word & Ipv4.IP_MF) != 0;
    int off = (word & Ipv4.IP_OFFSET) * BLOCK;
    int end = off + len;
    if ((more && (len == 0 || len % BLOCK != 0)) || end + hl > IP_MAX_LEN) {
      host.counters().malformed++;
      return null;
    }
    long key =
        ((Ipv4.saddr(b, l3) & 0xffffffffL) << 32)
            | ((long) Ipv4.id(b, l3) << 8)
            | Ipv4.protocol(b, l3);
    Queue q = queues.get(key);
    if (q == null) {
      q = new Queue(key);
      queues.put(key, q);
      host.sim().scheduleAfter(IPFRAG_TIME, q);
    }
    if (!q.add(b, l3, hl, off, end, more)) {
      discard(q);
      return null;
    }
    if (!q.complete()) {
      return null;
    }
    queues.remove(key);
    q.done = true;
    return q.assemble();
  }

  private void discard(Queue q) {
    queues.remove(q.key);
    q.done = true;
    host.counters().reassemblyFailed++;
  }

  /** The fragments of one datagram so far. */
  private final class Queue implements Event {
    final long key;
    byte[] data = new byte[0];
    final BitSet blocks = new BitSet();
    byte[] header;
    int total = -1;
    int received;
    boolean done;

    Queue(long key) {
      this.key = key;
    }

    /** Adds a fragment; false if it contradicts what is queued (overlap, two ends). */
    boolean add(byte[] b, int l3, int hl, int off, int end, boolean more) {
      if (!more) {
        if (total >= 0 && total != end) {
          return false;
        }
        if (blocks.length() * BLOCK > end + BLOCK - 1) {
          return false; // data beyond the end
        }
        total = end;
      } else if (total >= 0 && end > total) {
        return false;
      }
      int first = off / BLOCK;
      int last = (end + BLOCK - 1) / BLOCK;
      int set = blocks.get(first, last).cardinality();
      if (set == last - first && last > first) {
        return true; // an exact duplicate: ignored (ip_frag_queue)
      }
      if (set > 0) {
        return false; // overlap: the whole datagram goes
      }
      if (end > data.length) {
        data = Arrays.copyOf(data, Math.max(end, data.length * 2));
      }
      System.arraycopy(b, l3 + hl, data, off, end - off);
      blocks.set(first, last);
      received += end - off;
      if (off == 0) {
        header = Arrays.copyOfRange(b, l3, l3 + hl);
      }
      return true;
    }

    boolean complete() {
      return total >= 0 && header != null && received == total;
    }

    byte[] assemble() {
      int hl = header.length;
      byte[] out = new byte[hl + total];
      System.arraycopy(header, 0, out, 0, hl);
      System.arraycopy(data, 0, out, hl, total);
      Ipv4.setTotLen(out, 0, hl + total);
      Csum.put16(out, Ipv4.FRAG_OFF, Ipv4.fragOff(out, 0) & Ipv4.IP_DF);
      Ipv4.updateChecksum(out, 0);
      return out;
    }

    @Override
    public void run(Simulation sim) {
      if (!done) {
        discard(this); // ipfrag_time expired (ip_expire)
      }
    }
  }
}
