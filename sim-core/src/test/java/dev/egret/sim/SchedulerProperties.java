package dev.egret.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Random mixes of insert, cancel, peek and remove-next must behave exactly like a reference model
 * (a TreeMap keyed by (time, insertion sequence)) for every scheduler implementation.
 */
class SchedulerProperties {

  sealed interface Op permits Insert, Cancel, Pop, Peek {}

  record Insert(long time) implements Op {}

  /** Cancels the handle returned by the {@code pick}-th insert so far (modulo their count). */
  record Cancel(int pick) implements Op {}

  record Pop() implements Op {}

  record Peek() implements Op {}

  record Key(long time, long seq) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Long> narrowTimes = Arbitraries.longs().between(0, 20); // many ties
    Arbitrary<Long> wideTimes = Arbitraries.longs().between(0, 5_000_000_000L);
    Arbitrary<Long> times = Arbitraries.oneOf(narrowTimes, wideTimes);
    Arbitrary<Op> insert = times.map(Insert::new);
    Arbitrary<Op> cancel = Arbitraries.integers().between(0, 1_000_000).map(Cancel::new);
    Arbitrary<Op> pop = Arbitraries.just(new Pop());
    Arbitrary<Op> peek = Arbitraries.just(new Peek());
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, insert),
            net.jqwik.api.Tuple.of(2, cancel),
            net.jqwik.api.Tuple.of(4, pop),
            net.jqwik.api.Tuple.of(1, peek));
    return op.list().ofMinSize(0).ofMaxSize(3000);
  }

  /** Monotone simulation-like use: inserts never go before the last removed time. */
  @Provide
  Arbitrary<List<long[]>> holdRuns() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 400), Arbitraries.longs().between(1, 1_000_000))
        .as((n, spread) -> new long[] {n, spread})
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }

  @Property(tries = 200)
  void heap4MatchesReference(@ForAll("ops") List<Op> ops) {
    check(new QuaternaryHeapScheduler<>(16), ops);
  }

  @Property(tries = 200)
  void calendarMatchesReference(@ForAll("ops") List<Op> ops) {
    check(new CalendarQueueScheduler<>(), ops);
  }

  @Property(tries = 200)
  void binaryMatchesReference(@ForAll("ops") List<Op> ops) {
    check(new BinaryHeapScheduler<>(), ops);
  }

  @Property(tries = 50)
  void everyKindMatchesReferenceInHoldPattern(
      @ForAll("holdRuns") List<long[]> runs, @ForAll @LongRange(min = 0, max = 1000) long seed) {
    for (SchedulerKind kind : SchedulerKind.values()) {
      Rng rng = Rng.root(seed);
      List<Op> ops = new ArrayList<>();
      long now = 0;
      for (long[] r : runs) {
        for (int i = 0; i < r[0]; i++) {
          ops.add(new Insert(now + rng.nextLong(0, r[1])));
        }
        for (int i = 0; i < 5 * r[0]; i++) {
          ops.add(new Pop());
          ops.add(new Insert(now + rng.nextLong(0, r[1])));
          if (rng.nextInt(10) == 0) {
            ops.add(new Cancel(rng.nextInt(1 << 20)));
          }
        }
      }
      check(kind.create(), ops);
    }
  }

  private static void check(EventScheduler<Object> s, List<Op> ops) {
    TreeMap<Key, Integer> ref = new TreeMap<>();
    Map<Long, Key> keyOfHandle = new HashMap<>();
    List<Long> handles = new ArrayList<>();
    long seq = 0;
    int step = 0;
    for (Op op : ops) {
      step++;
      String at = s.name() + " step " + step + " " + op;
      if (op instanceof Insert ins) {
        Key k = new Key(ins.time(), seq);
        int payload = (int) seq;
        seq++;
        long h = s.insert(ins.time(), payload);
        assertEquals(false, h == EventScheduler.NO_HANDLE, at);
        ref.put(k, payload);
        keyOfHandle.put(h, k);
        handles.add(h);
      } else if (op instanceof Cancel c) {
        if (handles.isEmpty()) {
          continue;
        }
        long h = handles.get(c.pick() % handles.size());
        Key k = keyOfHandle.get(h);
        boolean expected = k != null && ref.containsKey(k);
        if (expected) {
          ref.remove(k);
        }
        assertEquals(expected, s.cancel(h), at);
      } else if (op instanceof Pop) {
        if (ref.isEmpty()) {
          assertEquals(0, s.size(), at);
          assertEquals(Long.MAX_VALUE, s.peekTime(), at);
          continue;
        }
        Map.Entry<Key, Integer> first = ref.pollFirstEntry();
        assertEquals(first.getKey().time(), s.peekTime(), at);
        assertEquals(first.getValue(), s.removeNext(), at);
      } else {
        Map.Entry<Key, Integer> first = ref.firstEntry();
        assertEquals(first == null ? Long.MAX_VALUE : first.getKey().time(), s.peekTime(), at);
        assertEquals(first == null ? null : first.getValue(), s.peek(), at);
      }
      assertEquals(ref.size(), s.size(), at);
    }
    // Drain: the rest must come out in reference order.
    while (!ref.isEmpty()) {
      assertEquals(ref.pollFirstEntry().getValue(), s.removeNext(), s.name() + " drain");
    }
    assertEquals(0, s.size());
    assertEquals(true, s.isEmpty());
  }
}
