package dev.egret.gui.model;

/**
 * One entry of a node's SNAT map ({@code cilium_snat_v4_external}) as {@code cilium-dbg bpf nat
 * list} prints it: {@code TCP OUT 10.0.1.2:55122 -> 198.51.100.10:80 XLATE_SRC 172.18.0.3:55122
 * Created=3sec ago NeedsCT=1}.
 *
 * @param direction {@code OUT} (original, translating the source) or {@code IN} (reverse)
 * @param xlate {@code XLATE_SRC addr:port} or {@code XLATE_DST addr:port}
 * @param age seconds since the entry was created
 */
public record NatRow(
    String proto,
    String direction,
    String from,
    String to,
    String xlate,
    long age,
    boolean needsCt) {

  /** The {@code cilium-dbg bpf nat list} line. */
  public String line() {
    return proto
        + " "
        + direction
        + " "
        + from
        + " -> "
        + to
        + " "
        + xlate
        + " Created="
        + age
        + "sec ago NeedsCT="
        + (needsCt ? 1 : 0);
  }
}
