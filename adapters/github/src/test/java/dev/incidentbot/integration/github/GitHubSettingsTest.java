package dev.incidentbot.integration.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubSettingsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theReadmeExampleIsValid() throws Exception {
        var section = json.readTree("{\"github\": {\"repo\": \"acme/incidents\", \"people\": {\"alice\": \"alice-gh\"}}}");
        Map<String, String> env = Map.of("GITHUB_TOKEN", "ghp_x", "GITHUB_API_URL", "http://127.0.0.1:9/api/v3");
        assertThat(GitHubSettings.validate(section, env)).isEmpty();
        GitHubSettings s = GitHubSettings.parse(section, env).orElseThrow();
        assertThat(s.owner()).isEqualTo("acme");
        assertThat(s.repo()).isEqualTo("incidents");
        assertThat(s.apiBase()).isEqualTo(URI.create("http://127.0.0.1:9/api/v3/"));
        assertThat(s.loginOf("@alice")).contains("alice-gh");
        assertThat(s.loginOf("alice")).contains("alice-gh");
        assertThat(s.loginOf("@bob")).isEmpty();
        assertThat(s.toString()).doesNotContain("ghp_x");
        assertThat(GitHubSettings.parse(section, Map.of("GITHUB_TOKEN", "t")).orElseThrow().apiBase())
                .isEqualTo(URI.create("https://api.github.com/"));
    }

    @Test
    void problemsSayWhatToWrite() throws Exception {
        var section = json.readTree("{\"jira\": {}, \"github\": {\"repo\": \"incidents\", \"people\": {\"bob\": \"not a login\"}, \"x\": 1}}");
        assertThat(GitHubSettings.validate(section, Map.of("GITHUB_API_URL", "ftp://x"))).containsExactly(
                "tickets.jira: unknown issue tracker (supported: github)",
                "tickets.github.x: unknown key (expected repo, people)",
                "tickets.github.repo: write the repository as owner/name, e.g. acme/incidents",
                "tickets.github.people.bob: must be a GitHub login, e.g. alice-gh",
                "tickets.github: set the environment variable GITHUB_TOKEN to a token that may create issues in the repository",
                "GITHUB_API_URL: must be an http(s) URL, e.g. https://github.example.com/api/v3");
    }
}
