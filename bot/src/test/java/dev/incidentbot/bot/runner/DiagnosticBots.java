package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.store.PageCap;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The real application with the diagnostics and runner sections of a test YAML in place of the bundled ones. */
final class DiagnosticBots {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DiagnosticBots() {
    }

    static TestBot start(Path dir, String yaml) {
        return start(dir, new InMemoryPlatform(), new MutableClock(TestBot.START), yaml);
    }

    /** A new bot on the database and platform of {@code stopped}, as after a restart. */
    static TestBot restart(TestBot stopped, Path dir, MutableClock clock, String yaml) {
        return start(dir, stopped.platform, clock, yaml);
    }

    private static TestBot start(Path dir, InMemoryPlatform platform, MutableClock clock, String yaml) {
        return TestBot.start(dir, platform, clock, withSections(yaml));
    }

    /** A bot whose disk {@code cap} can fill. */
    static TestBot start(Path dir, String yaml, PageCap cap) {
        InMemoryPlatform platform = new InMemoryPlatform();
        return TestBot.start(dir, platform, platform, Optional.empty(), cap, withSections(yaml));
    }

    private static UnaryOperator<BotConfig> withSections(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode diagnostics = root.path("diagnostics");
        JsonNode runner = root.path("runner");
        return c -> new BotConfig(c.storagePath(), c.httpPort(), c.templatesDir(),
                c.severities(), c.channelPattern(), c.postmortemDue(), c.businessHours(), c.deliveryTimeout(),
                c.platforms(), diagnostics, runner, c.integrations(), c.storageUrl());
    }

    /** Waits until run {@code id} has reached a final state and everything it posted was delivered. */
    static String awaitFinished(TestBot bot, long id) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
            String state = state(bot, id);
            return state != null && !List.of("pending", "approved", "running").contains(state);
        });
        bot.awaitDelivered();
        return state(bot, id);
    }

    static String state(TestBot bot, long id) {
        return bot.string("SELECT state FROM diagnostic_run WHERE id = ?", id);
    }

    /** The one message posted in {@code conversation} with a code block; its text and the code. */
    static Effect resultPost(TestBot bot, String conversation, String runLabel) {
        List<Effect> posts = bot.platform.effects("post").stream()
                .filter(e -> e.conversation().equals(conversation) && !codeBlocks(e).isEmpty()
                        && e.text().contains("🔧 " + runLabel + " ·"))
                .toList();
        assertThat(posts).as("result posts of %s", runLabel).hasSize(1);
        return posts.get(0);
    }

    static List<String> codeBlocks(Effect post) {
        return post.message().blocks().stream().filter(Block.Code.class::isInstance)
                .map(b -> ((Block.Code) b).text()).toList();
    }
}
