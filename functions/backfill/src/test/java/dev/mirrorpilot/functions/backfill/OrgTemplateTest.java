package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/org_template.py (`make org-template`): the plain CloudFormation template a service-managed
 * StackSet takes, compared with the SAM template. Needs the SAM translator of the tools' venv
 * ({@code -Dmirrorpilot.tools}, which `make test` sets); `make test` also runs cfn-lint on it.
 */
class OrgTemplateTest {
    static final String TOOLS = System.getProperty("mirrorpilot.tools");

    private static Set<String> ofType(JsonNode template, String type) {
        var out = new TreeSet<String>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    @Test
    void theOrgTemplateHasNoTransformAndTheSameFunctionsRulesRolesAndAlarms(@TempDir Path dir) throws Exception {
        assumeTrue(TOOLS != null, "set -Dmirrorpilot.tools=<venv>/bin (make test does) to run the SAM translator");
        var out = dir.resolve("org-template.json");
        var process = new ProcessBuilder(Path.of(TOOLS, "python").toString(), "../../tools/org_template.py", "--template",
                "../../template.yaml", "--out", out.toString()).redirectErrorStream(true).start();
        var log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(log).isZero();
        var org = new ObjectMapper().readTree(Files.readString(out));
        var sam = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());

        assertThat(org.has("Transform")).isFalse();
        assertThat(ofType(org, "AWS::Lambda::Function")).isEqualTo(ofType(sam, "AWS::Serverless::Function"));
        assertThat(ofType(org, "AWS::CloudWatch::Alarm")).isEqualTo(ofType(sam, "AWS::CloudWatch::Alarm"));
        assertThat(ofType(org, "AWS::StepFunctions::StateMachine")).isEqualTo(ofType(sam, "AWS::Serverless::StateMachine"));
        // A role per function and for the state machine; an EventBridge rule per EventBridgeRule event.
        assertThat(ofType(org, "AWS::IAM::Role")).containsAll(ofType(sam, "AWS::Serverless::Function").stream()
                .map(f -> f + "Role").toList());
        long ruleEvents = 0;
        for (var function : ofType(sam, "AWS::Serverless::Function")) {
            var events = sam.at("/Resources/" + function + "/Properties/Events");
            var it = events.elements();
            while (it.hasNext()) {
                if (it.next().path("Type").asText().equals("EventBridgeRule")) {
                    ruleEvents++;
                }
            }
        }
        // Rules declared as resources of their own (tamper-watch's, which feed its queue) are carried over as they are.
        assertThat(ofType(org, "AWS::Events::Rule")).hasSize((int) ruleEvents + ofType(sam, "AWS::Events::Rule").size());
        // Code from a bucket per region, never a region written into the template.
        org.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                assertThat(e.getValue().at("/Properties/Code/S3Bucket/Fn::Sub").asText())
                        .isEqualTo("${CodeBucketPrefix}-${AWS::Region}");
            }
        });
        assertThat(org.toString()).doesNotContain("us-east-1").doesNotContain("eu-west-1");
        assertThat(org.at("/Parameters/CodeBucketPrefix").isMissingNode()).isFalse();
    }
}
