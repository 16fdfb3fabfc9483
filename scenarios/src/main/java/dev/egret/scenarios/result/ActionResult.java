package dev.egret.scenarios.result;

import java.util.List;

/**
 * One timeline item's outcome. Non-traffic actions have an empty connection list.
 *
 * @param at the item's time as written in the scenario's style ({@code 1.5s})
 * @param from the source as written ({@code default/my-app} or {@code default/{app=x}})
 * @param to the destination as {@code ip:port}
 */
public record ActionResult(
    int index,
    String at,
    String kind,
    String from,
    String to,
    List<ConnectionResult> connections) {}
