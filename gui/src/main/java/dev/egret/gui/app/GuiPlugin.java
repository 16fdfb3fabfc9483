package dev.egret.gui.app;

import dev.egret.cli.CommandPlugin;

/** Contributes {@code egret gui} to the CLI (found with {@link java.util.ServiceLoader}). */
public final class GuiPlugin implements CommandPlugin {
  @Override
  public Object command() {
    return new GuiCommand();
  }
}
