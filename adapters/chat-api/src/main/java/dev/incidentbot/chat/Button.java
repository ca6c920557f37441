package dev.incidentbot.chat;

import java.util.List;
import java.util.Objects;

/**
 * An action a reader can take. Platforms without buttons show {@code fallbackCommand} as the thing to type instead.
 * With a non-empty {@code form}, platforms with dialogs (Slack modals) ask for those inputs before submitting.
 */
public record Button(String actionId, String label, String value, String fallbackCommand, boolean primary,
                     List<FormInput> form) {
    public Button {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fallbackCommand, "fallbackCommand");
        form = List.copyOf(form);
    }

    public static Button of(String actionId, String label, String value, String fallbackCommand) {
        return new Button(actionId, label, value, fallbackCommand, false, List.of());
    }

    public Button withForm(List<FormInput> inputs) {
        return new Button(actionId, label, value, fallbackCommand, primary, inputs);
    }

    public Button asPrimary() {
        return new Button(actionId, label, value, fallbackCommand, true, form);
    }

    /** One text input of a form. */
    public record FormInput(String id, String label, boolean multiline, boolean required, String hint) {
        public FormInput {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(hint, "hint");
        }
    }
}
