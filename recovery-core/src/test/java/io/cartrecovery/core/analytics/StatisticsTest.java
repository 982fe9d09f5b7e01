package io.cartrecovery.core.analytics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatisticsTest {

    @ParameterizedTest(name = "Φ({0}) = {1}")
    @CsvSource({ // reference values: 0.5 · erfc(-x / √2) in double precision
            "0, 0.5",
            "0.5, 0.6914624612740131",
            "1, 0.8413447460685429",
            "1.96, 0.9750021048517795",
            "-1.96, 0.024997895148220435",
            "2.5, 0.9937903346742238",
            "3, 0.9986501019683699",
            "-3, 0.0013498980316300957",
            "4.5, 0.9999966023268753",
            "-6, 9.865876450377012e-10"
    })
    void normalCdfIsAccurateTo1e7AndBetter(double x, double expected) {
        assertThat(Statistics.normalCdf(x)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "erf({0}) = {1}")
    @CsvSource({
            "0.1, 0.1124629160182849", "0.5, 0.5204998778130465", "1, 0.8427007929497149",
            "2, 0.9953222650189527", "2.4, 0.999311486103355", "2.6, 0.9997639655834707",
            "3.5, 0.9999992569016276", "-1.2, -0.9103139782296353"
    })
    void erfMatchesReferenceValues(double x, double expected) {
        assertThat(Statistics.erf(x)).isCloseTo(expected, within(1e-13));
    }

    @Test
    void liftAndItsConfidenceIntervalMatchAHandComputedTable() {
        // Treated 200 of 1000 recovered, holdout 150 of 1000.
        // diff = 0.20 - 0.15 = 0.05
        // SE = sqrt(0.2·0.8/1000 + 0.15·0.85/1000) = sqrt(0.0002875) = 0.016955825
        // 95% CI = 0.05 ± 1.959964 · 0.016955825 = [0.016767194, 0.083232806]
        Lift lift = Lift.of(new Rate(200, 1000), new Rate(150, 1000));

        assertThat(lift.difference()).isCloseTo(0.05, within(1e-12));
        assertThat(lift.lower()).isCloseTo(0.016767194, within(1e-8));
        assertThat(lift.upper()).isCloseTo(0.083232806, within(1e-8));
    }

    @Test
    void twoProportionTestMatchesAHandComputedTable() {
        // Pooled p = 350/2000 = 0.175; SE = sqrt(0.175·0.825·(1/1000 + 1/1000)) = 0.016992645
        // z = 0.05 / 0.016992645 = 2.942449; two-sided p = 2·(1 - Φ(2.942449)) = 0.0032563
        ProportionTest test = ProportionTest.of("e/b", "e/a", new Rate(200, 1000), new Rate(150, 1000));

        assertThat(test.z()).isCloseTo(2.942449, within(1e-6));
        assertThat(test.pValue()).isCloseTo(0.0032563, within(1e-7));
        assertThat(test.significantAt(0.05)).isTrue();
        assertThat(ProportionTest.of("e/a", "e/b", new Rate(150, 1000), new Rate(200, 1000)).z())
                .isCloseTo(-2.942449, within(1e-6));
    }

    @Test
    void zeroCasesAreDefined() {
        assertThat(Rate.ZERO.value()).isEqualTo(0.0);
        assertThat(new Rate(3, 4).value()).isEqualTo(0.75);
        assertThat(Lift.of(new Rate(5, 10), Rate.ZERO)).isEqualTo(new Lift(new Rate(5, 10), Rate.ZERO, 0, 0, 0));
        ProportionTest empty = ProportionTest.of("e/b", "e/a", Rate.ZERO, new Rate(1, 2));
        assertThat(empty.z()).isEqualTo(0.0);
        assertThat(empty.pValue()).isEqualTo(1.0);
        ProportionTest allRecovered = ProportionTest.of("e/b", "e/a", new Rate(3, 3), new Rate(5, 5));
        assertThat(allRecovered.pValue()).isEqualTo(1.0); // pooled rate 1: no variance, no evidence
        assertThat(new StepStats("A", 0, 0, 0, 0).openRate().value()).isEqualTo(0.0);
    }
}
