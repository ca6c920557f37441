package dev.incidentbot.chat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/** One block of a {@link RichMessage} body. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Block.Paragraph.class, name = "paragraph"),
    @JsonSubTypes.Type(value = Block.Fields.class, name = "fields"),
    @JsonSubTypes.Type(value = Block.Code.class, name = "code"),
})
public sealed interface Block {

    record Paragraph(Text text) implements Block {
        public Paragraph {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Labelled values, e.g. STATUS / IMPACT / LEAD. */
    record Fields(List<Field> fields) implements Block {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /** Preformatted output (diagnostics), shown verbatim in a monospace block. */
    record Code(String text) implements Block {
        public Code {
            Objects.requireNonNull(text, "text");
        }
    }

    record Field(String label, Text value) {
        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }
}
