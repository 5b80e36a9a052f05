package io.scem.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RoutingCheck}: what {@code ./scem routing check} will print; and the shipped file passes it. */
class RoutingCheckTest {
    @TempDir Path dir;

    @Test
    void theShippedRoutingFileHasNoProblem() throws Exception {
        Path shipped = Path.of("../rules/routing.yaml");

        assertThat(RoutingCheck.check(shipped)).isEmpty();
        RoutingConfig config = RoutingConfig.read(shipped);
        assertThat(config.receivers()).containsKeys("supply-planning", "procurement", "warehouse-oncall");
        assertThat(config.inhibitRules()).hasSize(3);
    }

    @Test
    void theExampleOfTheReadmeIsAValidRoutingFile() throws Exception {
        String readme = Files.readString(Path.of("../rules/README.md"));
        String section = readme.substring(readme.indexOf("## Routing notifications"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml")));

        RoutingConfig config = RoutingConfig.parse(yaml, "README.md");
        assertThat(config.route("root/0/0").receiver()).isEqualTo("procurement");
    }

    @Test
    void listsEveryProblemWithTheFileNameAndLine() throws Exception {
        Path file = dir.resolve("routing.yaml");
        Files.writeString(file, """
                receivers:
                  - name: planners
                    sms: ["+33 6 12 34 56 78", "+0612"]
                route:
                  receiver: planners
                  repeat_interval: often
                """);

        assertThat(RoutingCheck.check(file)).extracting(RoutingProblem::toString).containsExactly(
                "routing.yaml:3: receiver planners: '+0612' is not an E.164 phone number like +33612345678",
                "routing.yaml:6: repeat_interval: 'often' is not a duration like 30s, 5m, 4h, 1d or 1h30m");
    }

    @Test
    void aFileSavedInAnotherEncodingThanUtf8IsAProblemAtItsLine() throws Exception {
        Path file = dir.resolve("routing.yaml");
        Files.write(file, "receivers:\n  - name: entrep\u00f4t\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(RoutingCheck.check(file)).extracting(RoutingProblem::toString)
                .containsExactly("routing.yaml:2: not UTF-8 text here (or the character U+FFFD): save the file as UTF-8");
        assertThatThrownBy(() -> RoutingConfig.read(file)).isInstanceOf(RoutingException.class);
    }

    @Test
    void aMissingFileIsAProblemToo() {
        assertThat(RoutingCheck.check(dir.resolve("routing.yaml"))).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("routing.yaml:1: cannot read: "));
    }
}
