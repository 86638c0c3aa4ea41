package io.github.netnsjunit.junit.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Seeded schedules are plans a seed fixes; timelines read as text and parse as SVG (a JDK XML parser the oracle). */
class ScheduleTest {
    private static final Duration TOTAL = Duration.ofSeconds(30);
    private static final Duration MIN = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(2);

    @Test
    void theSameSeedPlansTheSameFaultsAtTheSameTimes() {
        Schedule a = Schedule.plan(42, TOTAL, MIN, MAX, 3);
        assertThat(Schedule.plan(42, TOTAL, MIN, MAX, 3)).isEqualTo(a);
        assertThat(Schedule.plan(43, TOTAL, MIN, MAX, 3)).isNotEqualTo(a);
        assertThat(a.steps()).hasSizeGreaterThan(5);
        Duration previousEnd = Duration.ZERO;
        for (Schedule.Step s : a.steps()) {
            Duration gap = s.start().minus(previousEnd);
            assertThat(gap).isBetween(MIN, MAX);
            assertThat(s.duration()).isBetween(MIN, MAX);
            assertThat(s.fault()).isBetween(0, 2);
            assertThat(s.end()).isLessThanOrEqualTo(TOTAL);
            previousEnd = s.end();
        }
        assertThat(a.steps()).extracting(Schedule.Step::fault).contains(0, 1, 2);
        assertThat(a.toString()).startsWith("schedule (seed 42):\n  ");
    }

    @Test
    void badPlansAreRefusedWithOneMessage() {
        assertThatThrownBy(() -> Schedule.plan(1, TOTAL, MIN, MAX, 0)).hasMessage("Schedule.plan(..., faults = 0): "
                + "there is no fault to schedule. Give at least one.");
        assertThatThrownBy(() -> Schedule.plan(1, TOTAL, MAX, MIN, 1)).hasMessage("Schedule.plan(seed, total = PT30S,"
                + " min = PT2S, max = PT0.2S): needs 0 < min <= max and min <= total.");
    }

    @Test
    void aTimelineReadsAsTextAndDrawsAsSvg() throws Exception {
        Timeline t = new Timeline(System.nanoTime() - 2_000_000_000L, "seed 9");
        int first = t.begin("halves [n1, n2] | [n3, n4, n5]");
        t.end(first);
        t.begin("pause pid 4242 (sleep)");
        t.instant("kill pid 4243 (sleep)");
        String text = t.text();
        assertThat(text.lines().toList()).hasSize(4).first()
                .isEqualTo("nemesis timeline (seed 9; times since the nemesis began):");
        assertThat(text.lines().toList().get(1)).matches(
                "  \\+2\\.\\d{3} s \\.\\. \\+2\\.\\d{3} s  \\(0\\.\\d{3} s\\)  halves \\[n1, n2\\] \\| \\[n3, n4, n5\\]");
        assertThat(text.lines().toList().get(2)).matches("  \\+2\\.\\d{3} s \\.\\. still active {11}pause pid 4242 \\(sleep\\)");
        assertThat(t.activeAt(t.now())).containsExactly("pause pid 4242 (sleep)");
        String svg = t.svg();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(3);
        Path out = Path.of("target", "nemesis-timeline-sample.svg");
        Files.createDirectories(out.getParent());
        Files.writeString(out, svg); // for a person to look at
        assertThat(List.of(svg.split("\n"))).anyMatch(l -> l.contains("fill=\"#d62728\"")); // the active one in red
    }
}
