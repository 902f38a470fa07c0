package studio.ainative.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhReportTest {

    private static List<JmhReport.Score> scores(String json) throws Exception {
        return JmhReport.scores(new ObjectMapper().readTree(json));
    }

    private static String run(String benchmark, String provider, double score, String error) {
        return String.format("{\"benchmark\":\"studio.ainative.bench.VerificationBenchmark.%s\",\"params\":{\"provider\":\"%s\"},"
                + "\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,\"scoreUnit\":\"ops/s\"}}", benchmark, provider, score, error);
    }

    @Test
    void readsBenchmarkProviderScoreErrorAndUnit() throws Exception {
        JmhReport.Score score = scores("[" + run("pipeline", "jdk", 22410.4, "610.2") + "]").get(0);

        assertEquals(new JmhReport.Score("pipeline", "jdk", 22410.4, 610.2, "ops/s"), score);
    }

    @Test
    void leavesTheErrorOutWhenJmhCouldNotTellIt() throws Exception {
        assertNull(scores("[" + run("pipeline", "jdk", 22410, "\"NaN\"") + "]").get(0).error());
    }

    @Test
    void namesNoProviderWhenTheRunHadNoParameter() throws Exception {
        JsonNode run = new ObjectMapper().readTree("[{\"benchmark\":\"a.B.parseOnly\",\"primaryMetric\":{\"score\":5,\"scoreUnit\":\"ops/s\"}}]");

        assertEquals("-", JmhReport.scores(run).get(0).provider());
    }

    @Test
    void printsEachScoreRoundedInAlignedColumns() throws Exception {
        String table = JmhReport.table(scores("[" + run("rawJcaVerify", "accp", 73486.4, "1207.4") + "," + run("pipeline", "jdk", 22410.6, "\"NaN\"") + "]"));

        assertEquals("rawJcaVerify  accp  73486  ± 1207  ops/s\npipeline      jdk   22411          ops/s\n", table);
    }

    @Test
    void meetsTheBudgetWhenThePipelineReachesSeventyPercentOfRawVerify() throws Exception {
        List<String> verdicts = JmhReport.verdicts(scores("[" + run("rawJcaVerify", "jdk", 1000, "1") + "," + run("pipeline", "jdk", 700, "1") + "]"),
                JmhReport.BUDGET);

        assertEquals(List.of("jdk: pipeline / rawJcaVerify            = 70%  (target >= 70%: met)"), verdicts);
    }

    @Test
    void missesTheBudgetPerProviderAndGivesTheNewInstanceRatio() throws Exception {
        List<String> verdicts = JmhReport.verdicts(scores("[" + run("rawJcaVerify", "jdk", 37927, "631") + "," + run("pipeline", "jdk", 22410, "610")
                + "," + run("rawJcaVerifyNewInstance", "jdk", 35639, "1206") + "," + run("rawJcaVerify", "accp", 73486, "1") + ","
                + run("pipeline", "accp", 32387, "1") + "]"), JmhReport.BUDGET);

        assertEquals(List.of("accp: pipeline / rawJcaVerify            = 44.1%  (target >= 70%: NOT met)",
                "jdk: pipeline / rawJcaVerify            = 59.1%  (target >= 70%: NOT met)",
                "jdk: pipeline / rawJcaVerifyNewInstance = 62.9%"), verdicts);
    }

    @Test
    void saysSoWhenOneOfTheTwoBenchmarksOfTheRatioDidNotRun() throws Exception {
        assertEquals(List.of("jdk: ratio not computed: run both pipeline and rawJcaVerify"),
                JmhReport.verdicts(scores("[" + run("pipeline", "jdk", 700, "1") + "]"), JmhReport.BUDGET));
    }
}
