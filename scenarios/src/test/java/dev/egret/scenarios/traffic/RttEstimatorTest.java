package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.MILLISECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  @Test
  void initialRtoIsOneSecondAndDoubles() {
    RttEstimator r = new RttEstimator();
    assertEquals(SECOND, r.rto());
    r.backOff();
    assertEquals(2 * SECOND, r.rto());
    r.backOff();
    assertEquals(4 * SECOND, r.rto());
  }

  @Test
  void smallRttsGiveTheLinuxFloor() {
    RttEstimator r = new RttEstimator();
    r.sample(100 * MICROSECOND);
    assertEquals(100 * MICROSECOND, r.srtt());
    assertEquals(100 * MICROSECOND + 200 * MILLISECOND, r.rto());
  }

  @Test
  void largeVarianceDominatesTheFloor() {
    RttEstimator r = new RttEstimator();
    r.sample(400 * MILLISECOND); // srtt 400, rttvar 200 -> 400 + 800
    assertEquals(1200 * MILLISECOND, r.rto());
    r.sample(400 * MILLISECOND); // rttvar 150 -> 400 + 600
    assertEquals(1000 * MILLISECOND, r.rto());
  }

  @Test
  void backoffIsCappedAtRtoMaxAndClearedBySamples() {
    RttEstimator r = new RttEstimator();
    r.sample(MILLISECOND);
    for (int i = 0; i < 20; i++) {
      r.backOff();
    }
    assertEquals(LinuxTcp.TCP_RTO_MAX, r.rto());
    r.sample(MILLISECOND);
    assertEquals(0, r.backoffCount());
    assertEquals(MILLISECOND + 200 * MILLISECOND, r.rto());
  }

  @Test
  void retransmittedHandshakeFallsBackToThreeSeconds() {
    RttEstimator r = new RttEstimator();
    r.backOff();
    r.fallBackAfterRetransmittedHandshake();
    assertEquals(3 * SECOND, r.rto());
    assertEquals(-1, r.srtt());
  }
}
