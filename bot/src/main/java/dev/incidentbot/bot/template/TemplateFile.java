package dev.incidentbot.bot.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code <name>.mustache}: from the operator's templates folder, else the copy bundled in the jar. */
final class TemplateFile {
    private TemplateFile() {
    }

    /** Throws {@link IllegalArgumentException} naming the file when it is missing, unreadable or does not parse. */
    static Template compile(Path dir, String name, Mustache.Compiler compiler) {
        String file = name + ".mustache";
        String source;
        try {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) {
                source = Files.readString(p, StandardCharsets.UTF_8);
            } else {
                try (InputStream in = TemplateFile.class.getResourceAsStream("/templates/" + file)) {
                    if (in == null) {
                        throw new IllegalArgumentException(p + " is missing and no bundled copy exists");
                    }
                    source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
        try {
            return compiler.compile(source);
        } catch (MustacheException e) {
            throw new IllegalArgumentException(dir.resolve(file) + " does not parse: " + e.getMessage(), e);
        }
    }
}
