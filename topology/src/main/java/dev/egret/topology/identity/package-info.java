/** Security identities, the identity label filter and the ipcache. */
package dev.egret.topology.identity;
