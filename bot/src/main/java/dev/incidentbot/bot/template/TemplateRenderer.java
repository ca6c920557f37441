package dev.incidentbot.bot.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator-editable Mustache templates in {@code templates/}. A message template's output is read line by line:
 * {@code # text} is the header, {@code LABEL: value} lines are fields, {@code > text} is the context line, other lines
 * are paragraphs. User values cannot add lines (their newlines stay inside the value) or pings (see {@link MessageModel}).
 */
public final class TemplateRenderer {
    public static final List<String> MESSAGES = List.of("initial", "update", "resolution", "reminder", "escalation");
    public static final String POSTMORTEM = "postmortem";
    private static final char VALUE_NEWLINE = '\u2028';
    /**
     * Starts every further line of a multi-line user value, so no line a user typed can pass for one the template
     * wrote (a {@code LABEL: value} field, a heading, a context line).
     */
    static final String CONTINUATION = "\n    ↳ ";
    private static final Pattern FIELD = Pattern.compile("([A-Z][A-Z0-9 /&'-]{0,40}): ?(.*)");
    private static final Pattern MARKER = Pattern.compile(MessageModel.MARK_START + "m(\\d+)" + MessageModel.MARK_END);

    private final Map<String, Template> messages;
    private final Template postmortem;

    private TemplateRenderer(Map<String, Template> messages, Template postmortem) {
        this.messages = messages;
        this.postmortem = postmortem;
    }

    /**
     * Load every template from {@code dir}, taking the bundled copy for any file the folder lacks.
     * Returns the problems (one line each) instead when a template does not parse.
     */
    public static Loaded load(Path dir) {
        Mustache.Compiler messageCompiler = Mustache.compiler().withEscaper(TemplateRenderer::escapeMessageValue)
                .defaultValue("").emptyStringIsFalse(true);
        Mustache.Compiler markdownCompiler = Mustache.compiler().withEscaper(MarkdownText::escape)
                .defaultValue("").emptyStringIsFalse(true);
        List<String> problems = new ArrayList<>();
        Map<String, Template> messages = new LinkedHashMap<>();
        for (String name : MESSAGES) {
            compile(dir, name, messageCompiler, problems).ifPresent(t -> messages.put(name, t));
        }
        Optional<Template> pm = compile(dir, POSTMORTEM, markdownCompiler, problems);
        if (!problems.isEmpty()) {
            return new Loaded(Optional.empty(), problems);
        }
        return new Loaded(Optional.of(new TemplateRenderer(messages, pm.orElseThrow())), List.of());
    }

    /** The outcome of {@link #load}: a renderer, or the problems that prevented one. */
    public record Loaded(Optional<TemplateRenderer> renderer, List<String> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    public RichMessage render(String name, MessageModel model) {
        Template t = messages.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no message template " + name);
        }
        return parse(t.execute(model.values()), model);
    }

    /** Render the post-mortem Markdown; text values are escaped for Markdown. */
    public String renderPostmortem(Map<String, Object> model) {
        return postmortem.execute(model);
    }

    private static Optional<Template> compile(Path dir, String name, Mustache.Compiler compiler, List<String> problems) {
        try {
            return Optional.of(TemplateFile.compile(dir, name, compiler));
        } catch (IllegalArgumentException e) {
            problems.add("templates." + name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * User values keep their newlines inside one template line, and lose control characters other than the model's
     * span markers ({@link MessageModel#put} removes marker characters from what people typed).
     */
    static String escapeMessageValue(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\r') {
                continue;
            }
            if (ch == '\n' || ch == VALUE_NEWLINE) {
                out.append(VALUE_NEWLINE);
            } else if (ch >= ' ' || ch == '\t' || ch == MessageModel.MARK_START || ch == MessageModel.MARK_END) {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static RichMessage parse(String output, MessageModel model) {
        Text header = Text.empty();
        Text context = Text.empty();
        List<Block> blocks = new ArrayList<>();
        List<Block.Field> fields = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            String trimmed = line.strip();
            Matcher field = FIELD.matcher(trimmed);
            boolean isField = !trimmed.startsWith("#") && field.matches();
            if (!isField && !fields.isEmpty()) {
                blocks.add(new Block.Fields(fields));
                fields = new ArrayList<>();
            }
            if (trimmed.isEmpty() || trimmed.startsWith("# ") || trimmed.startsWith("> ") || isField) {
                flush(paragraph, blocks, model);
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("# ")) {
                header = spans(trimmed.substring(2).strip(), model, " ");
            } else if (trimmed.startsWith("> ")) {
                context = spans(trimmed.substring(2).strip(), model, " ");
            } else if (isField) {
                if (!field.group(2).isBlank()) {
                    fields.add(new Block.Field(field.group(1), spans(field.group(2).strip(), model, CONTINUATION)));
                }
            } else {
                paragraph.append(paragraph.length() == 0 ? "" : "\n").append(trimmed);
            }
        }
        if (!fields.isEmpty()) {
            blocks.add(new Block.Fields(fields));
        }
        flush(paragraph, blocks, model);
        return new RichMessage(header, blocks, List.of(), context);
    }

    private static void flush(StringBuilder paragraph, List<Block> blocks, MessageModel model) {
        if (paragraph.length() > 0) {
            blocks.add(new Block.Paragraph(spans(paragraph.toString(), model, CONTINUATION)));
            paragraph.setLength(0);
        }
    }

    /** {@code newline}: what a user value's line break becomes here (a space where the line is the only one). */
    private static Text spans(String line, MessageModel model, String newline) {
        List<Span> spans = new ArrayList<>();
        Matcher m = MARKER.matcher(line);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                spans.add(new Span.Plain(restoreNewlines(line.substring(last, m.start()), newline)));
            }
            spans.add(model.spanAt(Integer.parseInt(m.group(1))));
            last = m.end();
        }
        if (last < line.length()) {
            spans.add(new Span.Plain(restoreNewlines(line.substring(last), newline)));
        }
        return new Text(spans);
    }

    private static String restoreNewlines(String s, String newline) {
        return s.replace(String.valueOf(VALUE_NEWLINE), newline);
    }
}
