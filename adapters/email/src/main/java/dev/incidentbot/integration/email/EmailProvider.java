package dev.incidentbot.integration.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.IntegrationContext;
import dev.incidentbot.integration.IntegrationProvider;
import dev.incidentbot.integration.IntegrationSettings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * E-mail: {@code email:<address>} escalation targets and {@code stakeholders:} per severity, sent through the SMTP
 * server of the {@code smtp:} section; the password comes from {@code SMTP_PASSWORD}.
 */
public final class EmailProvider implements IntegrationProvider {
    public static final String NAME = "email";
    private static final Set<String> SMTP_KEYS = Set.of("host", "port", "from", "starttls", "user");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configSection() {
        return "smtp";
    }

    @Override
    public List<String> configSections() {
        return List.of("smtp", "stakeholders");
    }

    @Override
    public List<String> targetSchemes() {
        return List.of("email");
    }

    @Override
    public List<String> validate(IntegrationSettings settings) {
        List<String> problems = new ArrayList<>();
        JsonNode smtp = settings.section("smtp");
        if (smtp.isMissingNode()) {
            problems.add("smtp: missing; e-mail is configured (email: targets or stakeholders:), so say which server sends it, "
                    + "e.g. smtp: { host: smtp.example.com, port: 587, from: incident-bot@example.com, starttls: true }");
        } else if (!smtp.isObject()) {
            problems.add("smtp: expected a mapping with host, port, from, starttls and optionally user");
        } else {
            for (Iterator<String> it = smtp.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!SMTP_KEYS.contains(k)) {
                    problems.add("smtp." + k + ": unknown key (known: from, host, port, starttls, user)");
                }
            }
            if (smtp.path("host").asText("").isBlank()) {
                problems.add("smtp.host: missing; the SMTP server's name, e.g. smtp.example.com");
            }
            JsonNode port = smtp.path("port");
            if (port.isMissingNode() || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
                problems.add("smtp.port: expected a port from 1 to 65535 (587 for STARTTLS submission)");
            }
            if (smtp.path("from").asText("").isBlank()) {
                problems.add("smtp.from: missing; the sender address, e.g. incident-bot@example.com");
            } else {
                address(smtp.path("from").asText()).ifPresent(p -> problems.add("smtp.from: " + p));
            }
            JsonNode tls = smtp.path("starttls");
            if (!tls.isMissingNode() && !tls.isBoolean()) {
                problems.add("smtp.starttls: expected true or false");
            }
            if (!smtp.path("user").asText("").isBlank() && settings.envValue("SMTP_PASSWORD").isEmpty()) {
                problems.add("SMTP_PASSWORD: not set; smtp.user is " + smtp.path("user").asText() + ", so the server needs its password");
            }
        }
        JsonNode stakeholders = settings.section("stakeholders");
        List<String> known = settings.severities().stream().map(IntegrationSettings.SeverityInfo::key).toList();
        if (!stakeholders.isMissingNode() && !stakeholders.isObject()) {
            problems.add("stakeholders: expected a mapping of severity key to a list of addresses, e.g. sev1: [cto@example.com]");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = stakeholders.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                problems.add("stakeholders." + e.getKey() + ": not a severity (known: " + String.join(", ", known) + ")");
            }
            if (!e.getValue().isArray()) {
                problems.add("stakeholders." + e.getKey() + ": expected a list of addresses, e.g. [cto@example.com]");
                continue;
            }
            for (JsonNode a : e.getValue()) {
                address(a.asText()).ifPresent(p -> problems.add("stakeholders." + e.getKey() + ": " + p));
            }
        }
        for (String target : settings.targetsWithScheme("email")) {
            address(target.substring("email:".length())).ifPresent(p -> problems.add("escalation target " + target + ": " + p));
        }
        return problems;
    }

    /** Empty when {@code a} is one plain address; else what is wrong with it. */
    static java.util.Optional<String> address(String a) {
        try {
            InternetAddress parsed = new InternetAddress(a, true);
            if (!parsed.getAddress().equals(a) || !a.contains("@")) {
                return java.util.Optional.of("\"" + a + "\" is not a plain address like name@example.com");
            }
            return java.util.Optional.empty();
        } catch (AddressException e) {
            return java.util.Optional.of("\"" + a + "\" is not an e-mail address (" + e.getMessage() + "); write it like name@example.com");
        }
    }

    @Override
    public Integration create(IntegrationSettings settings, IntegrationContext context) {
        JsonNode smtp = settings.section("smtp");
        SmtpSettings server = new SmtpSettings(smtp.path("host").asText(), smtp.path("port").asInt(),
                smtp.path("from").asText(), smtp.path("starttls").asBoolean(false), smtp.path("user").asText(""),
                settings.envValue("SMTP_PASSWORD").orElse(""));
        Map<String, List<String>> stakeholders = new LinkedHashMap<>();
        settings.section("stakeholders").fields().forEachRemaining(e -> {
            List<String> to = new ArrayList<>();
            e.getValue().forEach(a -> to.add(a.asText()));
            stakeholders.put(e.getKey(), List.copyOf(to));
        });
        return new EmailIntegration(new SmtpSender(server), stakeholders, context.clock());
    }
}
