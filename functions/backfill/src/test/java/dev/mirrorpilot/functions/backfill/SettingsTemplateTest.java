package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mirrorpilot.aws.ssm.SettingsParameter;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Settings reach the `live` alias: template.yaml writes every setting parameter into one SSM
 * parameter the functions read at run time, so the configuration a function reads changes with the
 * stack parameters although no published version does. The template is resolved here as
 * CloudFormation would resolve its {@code Fn::Sub}, with two sets of parameter values.
 */
class SettingsTemplateTest {
    static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)\\}");
    static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        // Jackson's YAML reader drops the short-form tags: `!Sub |- text` reads as the text.
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
    }

    /** The settings parameter's value as CloudFormation writes it for these parameter values (defaults for the rest). */
    static String settingsValue(Map<String, String> values) {
        var text = template.at("/Resources/SettingsParameter/Properties/Value").asText();
        var parameters = template.path("Parameters");
        Matcher matcher = REFERENCE.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1);
            assertThat(parameters.has(name)).as("${%s} names a stack parameter", name).isTrue();
            var value = values.getOrDefault(name, parameters.path(name).path("Default").asText());
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    static Map<String, String> settings(Map<String, String> values) {
        return SettingsParameter.parse("SettingsParameter", settingsValue(values));
    }

    @Test
    void aChangedStackParameterChangesTheSettingsEveryFunctionReads() {
        var defaults = settings(Map.of());
        var changed = settings(Map.of("TargetTag", "team=ndr", "ExcludeVpcs", "vpc-0a2b3c4d5e6f70001", "MutatingShare", "20"));

        assertThat(MirrorPolicy.fromSettings(defaults).targets()).isNotEqualTo(MirrorPolicy.fromSettings(changed).targets());
        assertThat(MirrorPolicy.fromSettings(changed).excludeVpcs()).containsExactly("vpc-0a2b3c4d5e6f70001");
        assertThat(MirrorPolicy.fromSettings(changed).targets().toString()).contains("team").contains("ndr");
        assertThat(BackfillSettings.fromEnvironment(changed).mutatingSharePercent()).isEqualTo(20);
        assertThat(BackfillSettings.fromEnvironment(defaults).mutatingSharePercent()).isEqualTo(50);
    }

    @Test
    void theFunctionsEnvironmentNamesTheSettingsParameterAndNoSettingOfItsOwn() {
        var parameters = new TreeSet<String>();
        template.path("Parameters").fieldNames().forEachRemaining(parameters::add);
        var environments = new HashMap<String, JsonNode>();
        environments.put("Globals", template.at("/Globals/Function/Environment/Variables"));
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                environments.put(e.getKey(), e.getValue().at("/Properties/Environment/Variables"));
            }
        });

        assertThat(template.at("/Globals/Function/Environment/Variables/MIRRORPILOT_SETTINGS_PARAMETER").asText())
                .isEqualTo("SettingsParameter");
        environments.forEach((owner, variables) -> variables.fields().forEachRemaining(v ->
                // With the tags dropped, `!Ref TargetTag` reads as "TargetTag".
                assertThat(parameters).as("%s %s", owner, v.getKey()).doesNotContain(v.getValue().asText())));
    }

    @Test
    void everyTextParameterWrittenIntoTheSettingsKeepsTheJsonWhole() {
        var parameters = template.path("Parameters");
        var named = new TreeSet<String>();
        REFERENCE.matcher(template.at("/Resources/SettingsParameter/Properties/Value").asText()).results()
                .forEach(m -> named.add(m.group(1)));

        assertThat(named).hasSizeGreaterThan(30);
        for (var name : named) {
            var parameter = parameters.path(name);
            if (parameter.has("AllowedValues") || parameter.path("Type").asText().equals("Number")) {
                continue;
            }
            assertThat(parameter.has("AllowedPattern")).as("%s has an AllowedPattern", name).isTrue();
            var pattern = Pattern.compile(parameter.path("AllowedPattern").asText());
            for (var hostile : new String[] {"a\"b=c", "a\\b=c", "a=b\"", "a=b\\", "a=b\nc", "a=b\u0000", "https://a\"b"}) {
                assertThat(pattern.matcher(hostile).matches()).as("%s admits %s", name, hostile.replace("\n", "\\n")).isFalse();
            }
        }
    }

    @Test
    void everyDefaultIsAValidSettingForThePolicyAndTheBackfill() {
        var defaults = settings(Map.of());

        assertThat(MirrorPolicy.fromSettings(defaults)).isEqualTo(MirrorPolicy.defaults());
        assertThat(BackfillSettings.fromEnvironment(defaults)).isNotNull();
    }
}
