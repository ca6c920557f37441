package dev.incidentbot.matrix.testing;

import dev.incidentbot.matrix.MatrixClient;
import dev.incidentbot.matrix.MatrixSettings;
import dev.incidentbot.matrix.Session;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Synapse for the whole test run, shared by every test class that asks for a {@code TestHomeserver} parameter,
 * with the bot and three people registered: two allowed responders (alice, bob) and a stranger (mallory).
 * Closed by JUnit when the run ends.
 */
public final class TestHomeserver implements AutoCloseable {
    public static final String BOT_PASSWORD = "bot-password";

    private final Synapse synapse;
    private final Session bot;
    private final Responder alice;
    private final Responder bob;
    private final Responder mallory;

    private TestHomeserver(Synapse synapse, Session bot, Responder alice, Responder bob, Responder mallory) {
        this.synapse = synapse;
        this.bot = bot;
        this.alice = alice;
        this.bob = bob;
        this.mallory = mallory;
    }

    public URI baseUri() {
        return synapse.baseUri();
    }

    /** The bot's registered session (user id, device, access token). */
    public Session bot() {
        return bot;
    }

    /** An allowed responder. */
    public Responder alice() {
        return alice;
    }

    /** Another allowed responder. */
    public Responder bob() {
        return bob;
    }

    /** Someone the bot must not listen to. */
    public Responder mallory() {
        return mallory;
    }

    /** A client acting as the bot, for checking room state the bot sees. */
    public MatrixClient botClient() {
        return MatrixClient.withAccessToken(baseUri(), bot.accessToken());
    }

    /** Settings for the bot with its registered token, listening to alice and bob. */
    public MatrixSettings botSettings() {
        return MatrixSettings.of(baseUri(), new MatrixSettings.Credentials.AccessToken(bot.accessToken()))
                .withAllowedUsers(List.of(alice.userId(), bob.userId()));
    }

    public Map<String, String> passwordEnvironment() {
        return Map.of("MATRIX_HOMESERVER_URL", baseUri().toString(), "MATRIX_USER_ID", bot.userId(),
                "MATRIX_PASSWORD", BOT_PASSWORD);
    }

    private static TestHomeserver start() {
        try {
            Synapse synapse = Synapse.start(Path.of("target", "synapse").toAbsolutePath());
            Session bot = synapse.register("incidentbot", BOT_PASSWORD);
            Responder alice = responder(synapse, "alice");
            Responder bob = responder(synapse, "bob");
            Responder mallory = responder(synapse, "mallory");
            return new TestHomeserver(synapse, bot, alice, bob, mallory);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start Synapse: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting Synapse", e);
        }
    }

    private static Responder responder(Synapse synapse, String name) throws java.io.IOException, InterruptedException {
        Session session = synapse.register(name, name + "-password");
        return new Responder(session, MatrixClient.withAccessToken(synapse.baseUri(), session.accessToken()));
    }

    @Override
    public void close() throws InterruptedException {
        synapse.close();
    }

    /** Resolves {@code TestHomeserver} parameters to the run's shared instance. */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestHomeserver.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(TestHomeserver.class, key -> start(), TestHomeserver.class);
        }
    }
}
