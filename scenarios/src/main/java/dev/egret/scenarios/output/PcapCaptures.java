package dev.egret.scenarios.output;

import dev.egret.datapath.pcap.PcapWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pcap files of a run, one per captured interface ({@link OutputFiles#pcap}), classic pcap with
 * nanosecond timestamps from the simulation clock (t = 0 is the Unix epoch) and the Ethernet link
 * type ({@link PcapWriter}). {@link #open} each captured interface when the run starts, so an
 * interface that saw nothing still gets a valid, empty capture; {@link #write} ignores interfaces
 * that were not opened, so the run can offer every frame. Lookup per frame is two hash probes.
 */
public final class PcapCaptures implements Closeable {
  private final Path dir;
  private final Map<String, Map<String, PcapWriter>> byNode = new HashMap<>();
  private final Map<String, String> pairByFile = new TreeMap<>();

  /** Captures go to {@code dir} (e.g. {@link OutputDirectory#path()}). */
  public PcapCaptures(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts capturing {@code iface} of {@code node}; opening it twice is harmless.
   *
   * @throws IOException if the file cannot be created, or if another (node, interface) pair maps to
   *     the same file name
   */
  public void open(String node, String iface) throws IOException {
    if (isCaptured(node, iface)) {
      return;
    }
    String file = OutputFiles.pcap(node, iface);
    String pair = node + "/" + iface;
    String other = pairByFile.putIfAbsent(file, pair);
    if (other != null) {
      throw new IOException(
          "captures of " + other + " and " + pair + " would both be written to " + file);
    }
    byNode
        .computeIfAbsent(node, n -> new HashMap<>())
        .put(iface, PcapWriter.open(dir.resolve(file)));
  }

  public boolean isCaptured(String node, String iface) {
    Map<String, PcapWriter> m = byNode.get(node);
    return m != null && m.containsKey(iface);
  }

  /** Appends a frame seen on {@code node}'s {@code iface} at {@code timeNanos}, if captured. */
  public void write(String node, String iface, long timeNanos, byte[] frame, int off, int len)
      throws IOException {
    Map<String, PcapWriter> m = byNode.get(node);
    PcapWriter w = m == null ? null : m.get(iface);
    if (w != null) {
      w.write(timeNanos, frame, off, len);
    }
  }

  /** The capture files opened so far, sorted by name. */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    for (String f : pairByFile.keySet()) {
      out.add(dir.resolve(f));
    }
    return out;
  }

  /** Closes every capture; the first failure is thrown after all were tried. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Map<String, PcapWriter> m : byNode.values()) {
      for (PcapWriter w : m.values()) {
        try {
          w.close();
        } catch (IOException e) {
          if (first == null) {
            first = e;
          }
        }
      }
    }
    byNode.clear();
    if (first != null) {
      throw first;
    }
  }
}
