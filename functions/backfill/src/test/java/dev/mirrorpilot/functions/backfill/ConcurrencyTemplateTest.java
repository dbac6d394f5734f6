package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack's Lambda concurrency: one switch for every reservation (Lambda keeps 100 executions
 * unreserved, so an account with a small quota can deploy only with none at all), one run at a time
 * for the functions whose runs would work against each other, and a cap on the event functions so a
 * burst of launches queues instead of reading the account from hundreds of cold containers.
 */
class ConcurrencyTemplateTest {
    static JsonNode stack;

    @BeforeAll
    static void read() throws IOException {
        stack = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
    }

    /** Every function's reservation, as the YAML reader sees {@code !If [condition, value, !Ref AWS::NoValue]}. */
    private static Map<String, JsonNode> reservations() {
        var out = new TreeMap<String, JsonNode>();
        stack.path("Resources").fields().forEachRemaining(resource -> {
            var reserved = resource.getValue().at("/Properties/ReservedConcurrentExecutions");
            if (!reserved.isMissingNode()) {
                out.put(resource.getKey(), reserved);
            }
        });
        return out;
    }

    @Test
    void withReserveConcurrencyFalseNoFunctionReservesAnything() {
        assertThat(reservations()).isNotEmpty().allSatisfy((function, reserved) -> {
            assertThat(reserved.isArray()).as(function + " reserves only under the ReservesConcurrency condition").isTrue();
            assertThat(reserved.path(0).asText()).as(function).isEqualTo("ReservesConcurrency");
            assertThat(reserved.path(2).asText()).as(function).isEqualTo("AWS::NoValue");
        });
        assertThat(stack.at("/Conditions/ReservesConcurrency").toString()).contains("ReserveConcurrency").contains("true");
        assertThat(stack.at("/Parameters/ReserveConcurrency/Default").asText()).isEqualTo("true");
    }

    @Test
    void runsThatWouldWorkAgainstEachOtherGoOneAtATimeAndTheEventFunctionsAreCapped() {
        var reservations = reservations();

        for (var function : new String[] {"BackfillFunction", "RebalanceFunction", "BrainHealthFunction"}) {
            assertThat(reservations.get(function).path(1).asInt()).as(function).isEqualTo(1);
        }
        for (var function : new String[] {"AttachOnLaunchFunction", "DetachOnTerminateFunction"}) {
            assertThat(reservations.get(function).path(1).asText()).as(function).isEqualTo("EventConcurrency");
        }
        var cap = stack.at("/Parameters/EventConcurrency");
        assertThat(cap.path("Type").asText()).isEqualTo("Number");
        assertThat(cap.path("Default").asInt()).isBetween(1, 10);
        assertThat(cap.path("MinValue").asInt()).isEqualTo(1);
    }
}
