package dev.incidentbot.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.Button;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Buttons with a form open a modal instead of reaching the engine. The form travels inside the button itself (its
 * action_id is prefixed, its value holds the inputs) so a click works on messages posted before a restart; the modal
 * then carries the button's action id, value and channel in {@code private_metadata} to its submission.
 */
final class ButtonForms {

    static final String FORM_ACTION_PREFIX = "form:";
    static final String CALLBACK_ID = "incident-bot-form";
    /** The action id of every input element; the input block id is the form input's id. */
    static final String INPUT_ACTION_ID = "value";
    static final int MAX_MODAL_TITLE = 24;
    static final int MAX_PRIVATE_METADATA = 3000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ButtonForms() {
    }

    /** A clicked form button, decoded. */
    record PendingForm(String actionId, String value, String title, List<Button.FormInput> inputs) {
        PendingForm {
            inputs = List.copyOf(inputs);
        }
    }

    /** Where a modal came from, restored on submission. {@code responseUrl} is the click's, possibly empty. */
    record FormOrigin(String actionId, String value, String channelId, String channelName, String responseUrl) {
    }

    /** The button value carrying the form, or empty if it cannot fit in Slack's 2000 characters. */
    static Optional<String> encodeValue(Button button) {
        for (boolean withHints : new boolean[] {true, false}) {
            ObjectNode node = JSON.createObjectNode().put("v", button.value()).put("t", button.label());
            ArrayNode inputs = node.putArray("f");
            for (Button.FormInput input : button.form()) {
                ObjectNode in = inputs.addObject().put("i", input.id()).put("l", input.label())
                        .put("m", input.multiline()).put("r", input.required());
                if (withHints && !input.hint().isEmpty()) {
                    in.put("h", input.hint());
                }
            }
            String encoded = node.toString();
            if (encoded.length() <= BlockKitRenderer.MAX_BUTTON_VALUE) {
                return Optional.of(encoded);
            }
        }
        return Optional.empty();
    }

    /** The form behind a clicked button, if the click was on a form button. */
    static Optional<PendingForm> decode(String wireActionId, String wireValue) {
        if (!wireActionId.startsWith(FORM_ACTION_PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(wireValue);
            List<Button.FormInput> inputs = new ArrayList<>();
            for (JsonNode in : node.path("f")) {
                inputs.add(new Button.FormInput(in.path("i").asText(), in.path("l").asText(),
                        in.path("m").asBoolean(), in.path("r").asBoolean(), in.path("h").asText("")));
            }
            return Optional.of(new PendingForm(wireActionId.substring(FORM_ACTION_PREFIX.length()),
                    node.path("v").asText(), node.path("t").asText(), inputs));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The {@code views.open} view for a form. */
    static String modal(PendingForm form, FormOrigin origin) {
        ObjectNode view = JSON.createObjectNode().put("type", "modal").put("callback_id", CALLBACK_ID);
        view.set("title", BlockKitRenderer.plainText(BlockKitRenderer.escapeWithin(form.title(), MAX_MODAL_TITLE)));
        view.set("submit", BlockKitRenderer.plainText("Submit"));
        view.set("close", BlockKitRenderer.plainText("Cancel"));
        view.put("private_metadata", privateMetadata(origin));
        ArrayNode blocks = view.putArray("blocks");
        for (Button.FormInput input : form.inputs()) {
            ObjectNode block = blocks.addObject().put("type", "input").put("block_id", input.id())
                    .put("optional", !input.required());
            block.set("label", BlockKitRenderer.plainText(BlockKitRenderer.escapeWithin(input.label(), 2000)));
            ObjectNode element = block.putObject("element").put("type", "plain_text_input")
                    .put("action_id", INPUT_ACTION_ID).put("multiline", input.multiline());
            if (!input.hint().isEmpty()) {
                element.set("placeholder", BlockKitRenderer.plainText(BlockKitRenderer.escapeWithin(input.hint(), 150)));
            }
        }
        return view.toString();
    }

    static String privateMetadata(FormOrigin origin) {
        ObjectNode node = JSON.createObjectNode().put("a", origin.actionId()).put("v", origin.value())
                .put("c", origin.channelId()).put("n", origin.channelName()).put("r", origin.responseUrl());
        if (node.toString().length() > MAX_PRIVATE_METADATA) {
            // The response_url only improves where the reply goes; the channel still allows an ephemeral one.
            node.put("r", "");
        }
        return node.toString();
    }

    static Optional<FormOrigin> origin(String privateMetadata) {
        try {
            JsonNode node = JSON.readTree(privateMetadata);
            if (!node.has("a")) {
                return Optional.empty();
            }
            return Optional.of(new FormOrigin(node.path("a").asText(), node.path("v").asText(),
                    node.path("c").asText(), node.path("n").asText(), node.path("r").asText()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
