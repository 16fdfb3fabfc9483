/** Classic pcap files with nanosecond timestamps: a writer and a small reader. */
package dev.egret.datapath.pcap;
