package dev.egret.cli;

/** Ends a command with an exit code after its message was printed. */
final class ExitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  ExitException(int code) {
    super(null, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
