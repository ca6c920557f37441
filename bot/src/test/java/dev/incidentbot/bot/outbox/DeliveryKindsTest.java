package dev.incidentbot.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The visitor makes a new kind of delivery fail to compile until the dispatcher performs it; what the compiler cannot
 * see is its name in the stored JSON. Without one, its rows would be written and then set aside as unreadable.
 */
class DeliveryKindsTest {
    @Test
    void everyKindOfDeliveryHasANameInTheStoredJson() {
        List<Class<?>> named = Arrays.stream(Delivery.class.getAnnotation(JsonSubTypes.class).value())
                .<Class<?>>map(JsonSubTypes.Type::value).toList();
        assertThat(named).containsExactlyInAnyOrder(Delivery.class.getPermittedSubclasses());
        assertThat(Arrays.stream(Delivery.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name))
                .doesNotHaveDuplicates();
    }
}
