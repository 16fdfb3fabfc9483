/**
 * Encapsulation: the tunnel key the TC programs set, the kernel tunnel device's outer headers and
 * decapsulation, and the XDP path's in-program encapsulation.
 */
package dev.egret.datapath.tunnel;
