package dev.incidentbot.bot.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain-text templates for integrations ({@code templates/statuspage-*.mustache}): from the operator's folder, else
 * the bundled copy. Values go in as given (no HTML escaping): the integration escapes for its own medium.
 */
public final class TextTemplates {
    private final Path dir;
    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("").emptyStringIsFalse(true);
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    public TextTemplates(Path dir) {
        this.dir = dir;
    }

    /** Throws {@link IllegalArgumentException} naming the file when the template is missing or does not parse. */
    public String render(String name, Map<String, ?> model) {
        return compiled.computeIfAbsent(name, this::compile).execute(model).strip();
    }

    /** Empty when {@code name} loads and parses; else the problem, one line. */
    public Optional<String> problem(String name) {
        try {
            compiled.computeIfAbsent(name, this::compile);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("templates." + name + ": " + e.getMessage());
        }
    }

    private Template compile(String name) {
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("not a template name: " + name);
        }
        return TemplateFile.compile(dir, name, compiler);
    }
}
