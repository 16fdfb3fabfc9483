/**
 * The egress gateway: the policy map {@code cilium_egress_gw_policy_v4} (and 1.10's {@code
 * cilium_egress_v4}) and the functions of bpf/lib/egress_gateway.h.
 */
package dev.egret.datapath.egress;
