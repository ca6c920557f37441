package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlatformConfigurationException;
import dev.incidentbot.chat.testing.InMemoryPlatformState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration and the parts of the platform that need no homeserver. */
class MatrixSettingsTest {

    @Test
    void notConfiguredWithoutAUrlOrWithoutCredentials() {
        assertThat(MatrixSettings.fromEnvironment(Map.of())).isEmpty();
        assertThat(MatrixSettings.fromEnvironment(Map.of("MATRIX_ACCESS_TOKEN", "t"))).isEmpty();
        assertThat(MatrixSettings.fromEnvironment(Map.of("MATRIX_HOMESERVER_URL", "http://hs"))).isEmpty();
        assertThat(MatrixSettings.fromEnvironment(Map.of("MATRIX_HOMESERVER_URL", "http://hs",
                "MATRIX_USER_ID", "@bot:hs"))).isEmpty();
        assertThat(MatrixPlatform.fromEnvironment(Map.of(), new InMemoryPlatformState())).isEmpty();
    }

    @Test
    void aTokenWinsOverAPasswordAndDefaultsApply() {
        MatrixSettings settings = MatrixSettings.fromEnvironment(Map.of("MATRIX_HOMESERVER_URL", "http://hs:8008",
                "MATRIX_ACCESS_TOKEN", "syt_x", "MATRIX_USER_ID", "@bot:hs", "MATRIX_PASSWORD", "pw")).orElseThrow();

        assertThat(settings.credentials()).isEqualTo(new MatrixSettings.Credentials.AccessToken("syt_x"));
        assertThat(settings.credentials().toString()).doesNotContain("syt_x");
        assertThat(settings.commandPrefixes()).containsExactly("!incident", "/incident");
        assertThat(settings.pinEmoji()).isEqualTo("\uD83D\uDCCC");
        assertThat(MatrixSettings.fromEnvironment(Map.of("MATRIX_HOMESERVER_URL", "http://hs",
                "MATRIX_USER_ID", "@bot:hs", "MATRIX_PASSWORD", "pw")).orElseThrow().credentials())
                .isEqualTo(new MatrixSettings.Credentials.Password("@bot:hs", "pw"));
    }

    @Test
    void allowedUsersAndServers() {
        MatrixSettings open = MatrixSettings.of(URI.create("http://hs"), new MatrixSettings.Credentials.AccessToken("t"));
        assertThat(open.allows("@anyone:anywhere")).isTrue();

        MatrixSettings closed = open.withAllowedUsers(List.of("@alice:a.org")).withAllowedServers(List.of("ops.org"));
        assertThat(closed.allows("@alice:a.org")).isTrue();
        assertThat(closed.allows("@bob:ops.org")).isTrue();
        assertThat(closed.allows("@bob:a.org")).isFalse();
        assertThat(closed.allows("@eve:evil.ops.org")).isFalse();
    }

    @Test
    void resolvePersonReadsUserIdsWithoutANetwork() {
        MatrixPlatform platform = new MatrixPlatform(MatrixSettings.of(URI.create("http://127.0.0.1:9"),
                new MatrixSettings.Credentials.AccessToken("t")), new InMemoryPlatformState());

        assertThat(platform.resolvePerson("@alice:example.org")).contains(new Person("@alice:example.org", "alice"));
        assertThat(platform.resolvePerson("https://matrix.to/#/@bob:hs.example:8448"))
                .contains(new Person("@bob:hs.example:8448", "bob"));
        assertThat(platform.resolvePerson("<@carol:example.org>")).map(Person::id).contains("@carol:example.org");
        assertThat(platform.resolvePerson("@alice")).isEmpty();
        assertThat(platform.resolvePerson("alice")).isEmpty();
        assertThat(platform.name()).isEqualTo("matrix");
        assertThat(platform.isReady()).isFalse();
    }

    @Test
    void anUnreachableHomeserverStopsStartUpNamingTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MatrixPlatform platform = new MatrixPlatform(MatrixSettings.of(URI.create("http://127.0.0.1:" + closedPort),
                new MatrixSettings.Credentials.AccessToken("t")), new InMemoryPlatformState());

        assertThatThrownBy(() -> platform.start((from, inbound) -> dev.incidentbot.chat.Ack.silent()))
                .isInstanceOf(PlatformConfigurationException.class)
                .extracting(e -> ((PlatformConfigurationException) e).setting()).isEqualTo("MATRIX_HOMESERVER_URL");
    }

    @Test
    void aliasesKeepOnlyAllowedCharacters() {
        assertThat(MatrixPlatform.aliasLocalpart("inc-20261126-7-Checkout API/500s")).isEqualTo("inc-20261126-7-checkout-api-500s");
    }
}
