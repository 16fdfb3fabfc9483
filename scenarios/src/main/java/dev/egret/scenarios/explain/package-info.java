/**
 * {@code egret explain}: the decision trace of one packet and its reply, hop by hop, built from
 * what a run recorded (monitor events, underlay hops, drops) and from the control plane's recorded
 * provenance of the map entry the packet hit — never re-computed.
 */
package dev.egret.scenarios.explain;
