package dev.incidentbot.bot.config;

import dev.incidentbot.platform.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.incidentbot.bot.cli.Configured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    /** A valid configuration with one severity; tests append or swap parts. */
    private static final String SEV1 = ""
            + "severities:\n"
            + "  sev1:\n"
            + "    name: Critical\n"
            + "    aliases: [p0]\n"
            + "    acknowledge_within: 5m\n"
            + "    update_every: 15m\n"
            + "    escalation:\n"
            + "      - after: 0m\n"
            + "        notify: [\"@oncall-primary\"]\n";

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml));
        assertThat(e).as("configuration should be rejected:\n%s", yaml).isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
        return e.problems();
    }

    @Test
    void theBundledDefaultLoads() {
        BotConfig c = ConfigLoader.load(Optional.empty());
        assertThat(c.severities()).extracting(SeverityLevel::key).containsExactly("sev1", "sev2", "sev3", "sev4");
        SeverityLevel sev1 = c.severityByKey("sev1");
        assertThat(sev1.name()).isEqualTo("Critical");
        assertThat(sev1.acknowledgeWithin()).isEqualTo(Duration.ofMinutes(5));
        assertThat(sev1.updateEvery()).isEqualTo(Duration.ofMinutes(15));
        assertThat(sev1.escalation().get(0).after()).isZero();
        assertThat(sev1.escalation().get(0).targets()).containsExactly("@oncall-primary");
        assertThat(c.severityByKey("sev2").acknowledgeWithin()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.severityByKey("sev2").updateEvery()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.severityByKey("sev3").updateEvery()).isEqualTo(Duration.ofHours(4));
        assertThat(c.severityByKey("sev3").businessHoursOnly()).isTrue();
        assertThat(c.severityByKey("sev4").acknowledgeWithin()).isEqualTo(Duration.ofDays(1));
        assertThat(c.severity("P0")).map(SeverityLevel::key).contains("sev1");
        assertThat(c.severity("CRITICAL")).map(SeverityLevel::key).contains("sev1");
        assertThat(c.severity("major")).map(SeverityLevel::key).contains("sev2");
        assertThat(c.severity("sev5")).isEmpty();
        assertThat(c.httpPort()).isEqualTo(4242);
        assertThat(c.storagePath()).isEqualTo(Path.of("data", "incident-bot.db"));
        assertThat(c.channelPattern()).isEqualTo("inc-{date}-{n}-{slug}");
    }

    @Test
    void theBundledTemplatesLoad(@TempDir Path empty) {
        assertThat(dev.incidentbot.bot.template.TemplateRenderer.load(empty).problems()).isEmpty();
    }

    @Test
    void aMinimalConfigurationTakesDefaults() {
        BotConfig c = ConfigLoader.parse(SEV1);
        assertThat(c.severity("p0")).isPresent();
        assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.severityByKey("sev1").updateGrace()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void severityAliasesAddWords() {
        BotConfig c = ConfigLoader.parse(SEV1 + "severity_aliases:\n  Urgent: sev1\n");
        assertThat(c.severity("urgent")).map(SeverityLevel::key).contains("sev1");
        assertThat(c.severity("URGENT")).map(SeverityLevel::key).contains("sev1");
    }

    @Test
    void anAliasNamingAnUnknownSeverityIsOneLineNamingTheKey() {
        assertThat(problems(SEV1 + "severity_aliases:\n  p9: sev9\n"))
                .singleElement().asString().startsWith("severity_aliases.p9:").contains("sev9");
    }

    @Test
    void aBadDurationIsOneLineNamingTheKey() {
        assertThat(problems(SEV1.replace("update_every: 15m", "update_every: 15x")))
                .singleElement().asString().startsWith("severities.sev1.update_every:").contains("15x");
    }

    @Test
    void anEscalationStepWithoutNotifyIsOneLineNamingTheKey() {
        String yaml = SEV1 + "      - after: 15m\n";
        assertThat(problems(yaml)).singleElement().asString().startsWith("severities.sev1.escalation[1].notify:");
    }

    @Test
    void unknownKeysAreOneLineEach() {
        assertThat(problems(SEV1 + "storrage:\n  path: x.db\n"))
                .singleElement().asString().startsWith("storrage: unknown key");
        assertThat(problems(SEV1.replace("    name: Critical\n", "    name: Critical\n    update_evry: 10m\n")))
                .singleElement().asString().startsWith("severities.sev1.update_evry: unknown key");
    }

    @Test
    void unknownKeysInsideKnownSectionsAreReported() {
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("storage:\n  paht: /var/lib/bot.db\n", "storage.paht");
        cases.put("http:\n  prot: 8080\n", "http.prot");
        cases.put("templates:\n  directory: t\n", "templates.directory");
        cases.put("channel_naming:\n  pattern: inc-{n}\n  patern: x\n", "channel_naming.patern");
        cases.put("business_hours:\n  timezone: Europe/Berlin\n", "business_hours.timezone");
        cases.put("outbox:\n  delivery_timeot: 5s\n", "outbox.delivery_timeot");
        cases.forEach((section, key) ->
                assertThat(problems(SEV1 + section)).singleElement().asString().startsWith(key + ": unknown key"));
    }

    @Test
    void aMistypedEscalationKeyIsReportedNotTakenAsZero() {
        assertThat(problems(SEV1 + "      - afer: 15m\n        notify: [\"@eng-lead\"]\n"))
                .singleElement().asString().startsWith("severities.sev1.escalation[1].afer: unknown key");
    }

    @Test
    void anAliasAlreadyNamingAnotherSeverityIsReported() {
        String two = SEV1 + "  sev2:\n    name: High\n    acknowledge_within: 15m\n    update_every: 30m\n";
        assertThat(problems(two + "severity_aliases:\n  p0: sev2\n"))
                .singleElement().asString().startsWith("severity_aliases.p0:").contains("sev1");
        assertThat(problems(two + "severity_aliases:\n  sev1: sev2\n"))
                .singleElement().asString().startsWith("severity_aliases.sev1:");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = SEV1.replace("acknowledge_within: 5m", "acknowledge_within: 15x")
                + "      - after: 30m\n"
                + "severity_aliases:\n  p9: sev9\n"
                + "colour: blue\n";
        assertThat(problems(yaml)).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("severities.sev1.acknowledge_within:"))
                .anySatisfy(p -> assertThat(p).startsWith("severities.sev1.escalation[1].notify:"))
                .anySatisfy(p -> assertThat(p).startsWith("severity_aliases.p9:"))
                .anySatisfy(p -> assertThat(p).startsWith("colour:"));
    }

    @Test
    void otherProblemsNameTheirKeys() {
        assertThat(problems("http:\n  port: 99999\n" + SEV1)).singleElement().asString().startsWith("http.port:");
        assertThat(problems("severities: {}\n")).singleElement().asString().startsWith("severities:");
        assertThat(problems(SEV1 + "  sev2:\n    name: High\n    aliases: [p0]\n    acknowledge_within: 1h\n    update_every: 1h\n"))
                .singleElement().asString().startsWith("severities.sev2:").contains("p0");
        assertThat(problems(SEV1 + "channel_naming:\n  pattern: inc-{slug}\n")).singleElement().asString()
                .startsWith("channel_naming.pattern:");
        assertThat(problems(SEV1 + "business_hours:\n  time_zone: Mars/Olympus\n")).singleElement().asString()
                .startsWith("business_hours.time_zone:");
        assertThat(problems(SEV1 + "postmortem_due: soon\n")).singleElement().asString().startsWith("postmortem_due:");
    }

    @Test
    void aMissingConfigFileIsOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                        .startsWith("--config").contains("nope.yaml").contains("no such file"));
    }

    @ParameterizedTest
    @CsvSource({"90s, 90", "15m, 900", "4h, 14400", "1d, 86400", "0m, 0"})
    void durations(String text, long seconds) {
        assertThat(Durations.parse(text)).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15x", "15", "m", "-5m", "1.5h", "15 minutes", ""})
    void notDurations(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void aTemplateThatDoesNotParseIsReportedByConfiguredLoad(@TempDir Path dir) throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("update.mustache"), "# UPDATE {{id}}\n{{#progress}}PROGRESS: {{progress}}\n",
                StandardCharsets.UTF_8);
        Path config = dir.resolve("incident-bot.yaml");
        Files.writeString(config, "templates:\n  dir: " + templates.toAbsolutePath() + "\n" + SEV1, StandardCharsets.UTF_8);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Configured.load(config));
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().asString().startsWith("templates.update:").contains("update.mustache");
    }

    @Test
    void aValidTemplateFolderIsUsed(@TempDir Path dir) throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("update.mustache"), "# CUSTOM {{id}}\nPROGRESS: {{progress}}\n", StandardCharsets.UTF_8);
        Path config = dir.resolve("incident-bot.yaml");
        Files.writeString(config, "templates:\n  dir: " + templates.toAbsolutePath() + "\n" + SEV1, StandardCharsets.UTF_8);
        Configured configured = Configured.load(config);
        assertThat(configured.config().severities()).hasSize(1);
        dev.incidentbot.bot.template.MessageModel m = new dev.incidentbot.bot.template.MessageModel()
                .put("id", "INC-1").put("progress", "done");
        assertThat(dev.incidentbot.chat.PlainTextRenderer.render(configured.templates().render("update", m)))
                .isEqualTo("CUSTOM INC-1\nPROGRESS: done");
    }
}
