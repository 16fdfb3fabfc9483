/** The JavaFX visualizer of egret runs. */
package dev.egret.gui;
