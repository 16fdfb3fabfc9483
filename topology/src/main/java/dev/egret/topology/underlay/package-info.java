/** The underlay network graph (JGraphT): nodes, externals, routers, links, routing. */
package dev.egret.topology.underlay;
