package dev.egret.scenarios.lab;

/**
 * A scenario the lab cannot build or run as asked (an address it cannot map, an action it cannot
 * carry out live, a missing tool, a lab already up), or a failure of the lab's commands. The CLI
 * answers it with its message and exit code 2.
 */
public class LabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
