package dev.egret.datapath.program;

import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.node.FibResult;
import java.util.function.IntBinaryOperator;

/** A {@link BasicNodeContext} whose FIB can be mocked like the BPF tests' {@code fib_lookup}. */
class BasicNodeContextForTests extends BasicNodeContext {
  /** (src, dst) → result code; may write {@link #fibOut}. Null = the route table. */
  IntBinaryOperator fibMock;

  FibResult fibOut;

  BasicNodeContextForTests(long seed) {
    super(seed);
  }

  @Override
  public int fibLookup(int src, int dst, FibResult out) {
    if (fibMock == null) {
      return super.fibLookup(src, dst, out);
    }
    fibOut = out;
    return fibMock.applyAsInt(src, dst);
  }
}
