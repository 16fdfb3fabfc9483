package dev.egret.datapath.nat;

/**
 * {@code __snat_clamp_port_range} (bpf/lib/nat.h): how a candidate value becomes a port in the SNAT
 * range. Chosen by Cilium version (DESIGN principle 7). All arithmetic is on {@code __u16} values,
 * like the BPF code: the caller's {@code port + 1} wraps 65535 to 0 before clamping.
 */
public enum PortClamp {
  /**
   * Cilium ≤ 1.16 (every 1.16.x, checked at 1.16.15): {@code (val % (__u16)(end - start)) + start},
   * the half-open range [start, end). With 32768–65535 the modulus is 32767, random ports fall in
   * [32768, 65534], and {@code clamp(p + 1) = p + 2} for p in [32768, 65532], so the sequential
   * probes step by two and keep parity; 65533 → 32768, 65534 → 32769, 65535 → 32768. A modulus of 0
   * (start == end) leaves the value unchanged, as BPF's {@code mod} by zero does.
   */
  OPEN_MODULO {
    @Override
    public int clamp(int start, int end, int val) {
      int v = val & 0xffff;
      int m = (end - start) & 0xffff;
      int r = m == 0 ? v : v % m;
      return (r + start) & 0xffff;
    }
  },

  /**
   * Upstream 9b6c0bddb6 on its own ("fix __snat_clamp_port_range not using highest port"): {@code
   * (val % (end - start + 1)) + start}, the closed range. Never released alone (the same pull
   * request, cilium/cilium#33271, also brought {@link #CLOSED_MULTIPLY_SHIFT}); kept for
   * experiments.
   */
  CLOSED_MODULO {
    @Override
    public int clamp(int start, int end, int val) {
      int v = val & 0xffff;
      int n = (end - start + 1) & 0x1ffff;
      return ((v % n) + start) & 0xffff;
    }
  },

  /**
   * Cilium ≥ 1.17 (cilium/cilium#33271, commits 9b6c0bddb6 and 3621830f87): {@code start + ((val *
   * (end - start + 1)) >> 16)}, the closed range by multiply-shift. Note what this does to the
   * "sequential" probes {@code clamp(port + 1)}: with 32768–65535 it maps p to {@code 32768 + (p +
   * 1) / 2}, so the probes climb towards 65535 rather than stepping by one.
   */
  CLOSED_MULTIPLY_SHIFT {
    @Override
    public int clamp(int start, int end, int val) {
      long v = val & 0xffff;
      long n = (long) (end - start) + 1;
      return (int) ((start + ((v * n) >>> 16)) & 0xffff);
    }
  };

  /** The port for candidate value {@code val} in [start, end] (u16 semantics). */
  public abstract int clamp(int start, int end, int val);
}
