/**
 * BPF map semantics: hash and LRU hash ({@link dev.egret.datapath.maps.KeyTable}), LPM trie, {@code
 * cilium_ipcache}, and bpftool-style dumps of the kernel byte layouts.
 */
package dev.egret.datapath.maps;
