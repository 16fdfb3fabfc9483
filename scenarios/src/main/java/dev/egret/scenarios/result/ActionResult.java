package dev.egret.scenarios.result;

import java.util.List;

/**
 * One timeline item's outcome. Non-traffic actions have an empty connection list.
 *
 * @param at the item's time as written in the scenario's style ({@code 1.5s})
 * @param from the source as written ({@code default/my-app} or {@code default/{app=x}})
 * @param to the destination as {@code ip:port}
 * @param connections one result per connection; empty when {@code summary} is given
 * @param summary null, unless the action opened more connections than {@code
 *     --max-connection-details}: then the connections in aggregate, and {@code connections} is
 *     empty
 */
public record ActionResult(
    int index,
    String at,
    String kind,
    String from,
    String to,
    List<ConnectionResult> connections,
    ConnectionSummaryResult summary) {

  /** An action reported connection by connection. */
  public ActionResult(
      int index,
      String at,
      String kind,
      String from,
      String to,
      List<ConnectionResult> connections) {
    this(index, at, kind, from, to, connections, null);
  }
}
