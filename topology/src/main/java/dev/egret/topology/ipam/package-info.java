/** Pod CIDRs per node and pod IPs. */
package dev.egret.topology.ipam;
