package dev.incidentbot.matrix.testing;

import dev.incidentbot.matrix.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;

/**
 * A real Synapse homeserver for the tests: installed with pip into a virtualenv if missing, configured on a free
 * loopback port (SQLite, shared-secret registration, rate limits raised, no federation, no TLS), started, and
 * stopped on {@link #close}. Any failure to install or start throws, so the tests fail instead of skipping.
 */
public final class Synapse implements AutoCloseable {
    /** The version the adapter is tested against; CI installs the same (see the module's README). */
    public static final String PIP_REQUIREMENT = "matrix-synapse==1.163.2";
    public static final String SERVER_NAME = "localhost";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final URI baseUri;
    private final String sharedSecret;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private Synapse(Path dir, URI baseUri, String sharedSecret, Process process) {
        this.dir = dir;
        this.baseUri = baseUri;
        this.sharedSecret = sharedSecret;
        this.process = process;
    }

    public URI baseUri() {
        return baseUri;
    }

    public static Synapse start(Path dir) throws IOException, InterruptedException {
        Path python = installIfMissing(dir.getParent());
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("media_store"));
        int port = freePort();
        String secret = randomHex(24);
        Files.writeString(dir.resolve("signing.key"), "ed25519 a_test " + randomSigningSeed() + "\n");
        Files.writeString(dir.resolve("log.yaml"), LOG_CONFIG.replace("LOG_FILE", dir.resolve("homeserver.log").toString()));
        Files.writeString(dir.resolve("homeserver.yaml"), config(dir, port, secret));
        Process process = new ProcessBuilder(python.toString(), "-m", "synapse.app.homeserver",
                "-c", dir.resolve("homeserver.yaml").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("synapse.out").toFile())
                .start();
        // Should JUnit never close the store (a killed fork), do not leave a homeserver behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Synapse synapse = new Synapse(dir, URI.create("http://127.0.0.1:" + port), secret, process);
        synapse.awaitHealthy();
        return synapse;
    }

    /** The virtualenv's python, installing Synapse into it first if it is not there. */
    private static Path installIfMissing(Path logDir) throws IOException, InterruptedException {
        Path venv = venvPath();
        Path python = venv.resolve("bin").resolve("python");
        if (Files.isExecutable(python) && run(logDir, "check", python.toString(), "-c", "import synapse.app.homeserver")) {
            return python;
        }
        Files.createDirectories(venv.getParent());
        String systemPython = System.getenv().getOrDefault("SYNAPSE_PYTHON", "python3");
        if (!Files.isExecutable(python) && !run(logDir, "venv", systemPython, "-m", "venv", venv.toString())) {
            throw new IllegalStateException("could not create a virtualenv at " + venv + "; see "
                    + logDir.resolve("synapse-venv.log"));
        }
        if (!run(logDir, "install", python.toString(), "-m", "pip", "install", "--quiet", PIP_REQUIREMENT)) {
            throw new IllegalStateException("pip install " + PIP_REQUIREMENT + " failed; see "
                    + logDir.resolve("synapse-install.log"));
        }
        return python;
    }

    public static Path venvPath() {
        String configured = System.getenv("SYNAPSE_VENV");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "incident-bot", "synapse-venv");
    }

    private static boolean run(Path logDir, String step, String... command) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logDir.resolve("synapse-" + step + ".log").toFile()).start();
        if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private void awaitHealthy() throws IOException {
        try {
            Awaitility.await("Synapse /health on " + baseUri).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Synapse exited with " + process.exitValue());
                        }
                        return healthy();
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            String out = Files.exists(dir.resolve("synapse.out")) ? Files.readString(dir.resolve("synapse.out")) : "";
            throw new IllegalStateException("Synapse did not start: " + e.getMessage() + "\n"
                    + out.substring(Math.max(0, out.length() - 4000)), e);
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUri.resolve("/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Registers a user through the shared-secret admin API; returns its first session. */
    public Session register(String localpart, String password) throws IOException, InterruptedException {
        URI endpoint = baseUri.resolve("/_synapse/admin/v1/register");
        JsonNode nonceAnswer = json.readTree(http.send(HttpRequest.newBuilder(endpoint).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String nonce = nonceAnswer.path("nonce").asText();
        ObjectNode body = json.createObjectNode()
                .put("nonce", nonce).put("username", localpart).put("password", password).put("admin", false)
                .put("mac", hmac(nonce, localpart, password));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("registering " + localpart + " failed: " + response.body());
        }
        JsonNode answer = json.readTree(response.body());
        return new Session(answer.path("user_id").asText(), answer.path("device_id").asText(),
                answer.path("access_token").asText());
    }

    // HMAC-SHA1 over nonce NUL user NUL password NUL "notadmin", keyed with the shared secret (Synapse admin API).
    private String hmac(String nonce, String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String message = String.join("\0", List.of(nonce, user, password, "notadmin"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    // Any 32 random bytes are an ed25519 seed, which is all Synapse's signing key file holds.
    private static String randomSigningSeed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return Base64.getEncoder().withoutPadding().encodeToString(seed);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String config(Path dir, int port, String secret) {
        String limit = "{per_second: 1000, burst_count: 1000}";
        return String.join("\n",
                "server_name: \"" + SERVER_NAME + "\"",
                "public_baseurl: \"http://127.0.0.1:" + port + "/\"",
                "listeners:",
                "  - port: " + port,
                "    bind_addresses: ['127.0.0.1']",
                "    type: http",
                "    tls: false",
                "    x_forwarded: false",
                "    resources:",
                "      - names: [client]",
                "        compress: false",
                "database:",
                "  name: sqlite3",
                "  args:",
                "    database: \"" + dir.resolve("homeserver.db") + "\"",
                "log_config: \"" + dir.resolve("log.yaml") + "\"",
                "media_store_path: \"" + dir.resolve("media_store") + "\"",
                "signing_key_path: \"" + dir.resolve("signing.key") + "\"",
                "registration_shared_secret: \"" + secret + "\"",
                "macaroon_secret_key: \"" + randomHex(24) + "\"",
                "form_secret: \"" + randomHex(24) + "\"",
                "report_stats: false",
                "enable_registration: false",
                "trusted_key_servers: []",
                "suppress_key_server_warning: true",
                "federation_domain_whitelist: []",
                "url_preview_enabled: false",
                "presence:",
                "  enabled: false",
                "rc_message: " + limit,
                "rc_registration: " + limit,
                "rc_login:",
                "  address: " + limit,
                "  account: " + limit,
                "  failed_attempts: " + limit,
                "rc_joins:",
                "  local: " + limit,
                "  remote: " + limit,
                "rc_joins_per_room: " + limit,
                "rc_invites:",
                "  per_room: " + limit,
                "  per_user: " + limit,
                "  per_issuer: " + limit,
                "rc_room_creation: " + limit,
                "rc_media_create: " + limit,
                "rc_admin_redaction: " + limit,
                "rc_3pid_validation: " + limit,
                "rc_delayed_event_mgmt: " + limit,
                "rc_reports: " + limit,
                "rc_user_directory: " + limit,
                "rc_profile: " + limit,
                "") + "\n";
    }

    private static final String LOG_CONFIG = String.join("\n",
            "version: 1",
            "formatters:",
            "  precise:",
            "    format: '%(asctime)s - %(name)s - %(levelname)s - %(message)s'",
            "handlers:",
            "  file:",
            "    class: logging.FileHandler",
            "    formatter: precise",
            "    filename: LOG_FILE",
            "    encoding: utf8",
            "root:",
            "  level: INFO",
            "  handlers: [file]",
            "disable_existing_loggers: false",
            "");
}
