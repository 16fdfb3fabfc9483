package dev.egret.scenarios.lab;

import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.pcap.PcapWriter;
import dev.egret.scenarios.model.CaptureSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's pcap files: the scenario's {@code capture} items as the nodes' datapaths see their
 * interfaces (the same taps the simulator writes {@code <node>-<interface>.pcap} from), and
 * whatever else the lab records (the underlay, externals). Timestamps are wall-clock nanoseconds
 * since the epoch. Thread-safe; files are written into one directory and closed at the end.
 */
final class LabCaptures implements AutoCloseable {
  private final Path dir;
  private final List<CaptureSpec> specs;
  private final Map<String, PcapWriter> writers = new LinkedHashMap<>();
  private final long epochOffset;

  /**
   * @param dir where the files go, or null to write nothing
   */
  LabCaptures(Path dir, List<CaptureSpec> specs) {
    this.dir = dir;
    this.specs = specs;
    this.epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
  }

  /** Wall-clock nanoseconds since the epoch, now. */
  long now() {
    return System.nanoTime() + epochOffset;
  }

  /** Whether node {@code node}'s interface {@code iface} is captured. */
  boolean captures(String node, String iface) {
    if (dir == null) {
      return false;
    }
    for (CaptureSpec c : specs) {
      if (c.matches(node, iface)) {
        return true;
      }
    }
    return false;
  }

  /** A frame a node's datapath saw on one of its interfaces (tap). */
  void frame(String node, String iface, Skb skb) {
    if (captures(node, iface)) {
      write(node + "-" + iface + ".pcap", skb.data(), skb.off(), skb.len());
    }
  }

  /** Appends a frame to {@code file} (created on first use). */
  synchronized void write(String file, byte[] b, int off, int len) {
    if (dir == null) {
      return;
    }
    try {
      PcapWriter w = writers.get(file);
      if (w == null) {
        w = PcapWriter.open(dir.resolve(file));
        writers.put(file, w);
      }
      w.write(now(), b, off, len);
    } catch (IOException e) {
      throw new LabException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
    }
  }

  /** The files written so far. */
  synchronized List<Path> files() {
    if (dir == null) {
      return List.of();
    }
    return writers.keySet().stream().map(dir::resolve).toList();
  }

  @Override
  public synchronized void close() {
    for (PcapWriter w : writers.values()) {
      try {
        w.close();
      } catch (IOException e) {
        // best effort at the end
      }
    }
  }
}
