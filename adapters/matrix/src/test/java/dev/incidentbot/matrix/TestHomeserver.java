package dev.incidentbot.matrix;

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
final class TestHomeserver implements AutoCloseable {
    static final String BOT_PASSWORD = "bot-password";

    final Synapse synapse;
    final Session bot;
    final Responder alice;
    final Responder bob;
    final Responder mallory;

    private TestHomeserver(Synapse synapse, Session bot, Responder alice, Responder bob, Responder mallory) {
        this.synapse = synapse;
        this.bot = bot;
        this.alice = alice;
        this.bob = bob;
        this.mallory = mallory;
    }

    URI baseUri() {
        return synapse.baseUri();
    }

    /** Settings for the bot with its registered token, listening to alice and bob. */
    MatrixSettings botSettings() {
        return MatrixSettings.of(baseUri(), new MatrixSettings.Credentials.AccessToken(bot.accessToken()))
                .withAllowedUsers(List.of(alice.userId(), bob.userId()));
    }

    Map<String, String> passwordEnvironment() {
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
    static final class Extension implements ParameterResolver {
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
