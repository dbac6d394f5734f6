package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mirrorpilot.inventory.InventoryFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * EventBridge PutEvents, Secrets Manager GetSecretValue, Organizations ListAccounts and STS
 * AssumeRole as the simulator answers them use only the names the botocore models define (the SDK
 * clients parse them in the other tests). Needs the tools' venv ({@code -Dmirrorpilot.tools}).
 */
class JsonServicesModelTest {
    static final String TOOLS = System.getProperty("mirrorpilot.tools");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String post(URI endpoint, String service, String contentType, String target, String key, String body)
            throws Exception {
        var builder = HttpRequest.newBuilder(endpoint.resolve("/")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/20261201/eu-west-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=0");
        if (target != null) {
            builder.header("X-Amz-Target", target);
        }
        var response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static Set<String> extra(Set<String> shape, Set<String> model) {
        var extra = new TreeSet<>(shape);
        extra.removeAll(model);
        return extra;
    }

    @Test
    void putEventsAndGetSecretValueAnswerInTheModelsNames() throws Exception {
        assumeTrue(TOOLS != null, "set -Dmirrorpilot.tools=<venv>/bin (make test does)");
        try (var simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")))) {
            var json = "application/x-amz-json-1.1";
            var events = Shapes.ofJson(post(simulator.endpoint(), "events", json, "AWSEvents.PutEvents", "test",
                    "{\"Entries\": [{\"Source\": \"mirrorpilot\", \"DetailType\": \"t\", \"Detail\": \"{}\"}, {\"Source\": \"aws.ec2\","
                            + " \"DetailType\": \"t\", \"Detail\": \"{}\"}]}"));
            simulator.secrets().put("brain", "{\"apiToken\": \"t\"}");
            var secret = Shapes.ofJson(post(simulator.endpoint(), "secretsmanager", json, "secretsmanager.GetSecretValue", "test",
                    "{\"SecretId\": \"brain\"}"));

            assertThat(extra(events, BotocoreModel.load(TOOLS, "events", "2015-10-07").outputPaths("PutEvents"))).isEmpty();
            assertThat(events).contains("Entries[]/EventId", "Entries[]/ErrorCode", "FailedEntryCount");
            assertThat(extra(secret, BotocoreModel.load(TOOLS, "secretsmanager", "2017-10-17").outputPaths("GetSecretValue")))
                    .isEmpty();
            assertThat(secret).contains("SecretString", "ARN", "VersionStages[]");
        }
    }

    @Test
    void receiveMessageAnswersInTheSqsModelsNames() throws Exception {
        assumeTrue(TOOLS != null, "set -Dmirrorpilot.tools=<venv>/bin (make test does)");
        try (var simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")))) {
            var url = simulator.sqs().createQueue("dlq");
            simulator.sqs().send("dlq", "{}", java.util.Map.of("TARGET_ARN", "arn:aws:lambda:eu-west-1:111122223333:function:f"));
            // Map keys are data (attribute names): the model lists a map as one path ending in /*.
            var received = new TreeSet<String>();
            Shapes.ofJson(post(simulator.endpoint(), "sqs", "application/x-amz-json-1.0", "AmazonSQS.ReceiveMessage",
                    "test", "{\"QueueUrl\": \"" + url + "\", \"MessageAttributeNames\": [\"All\"]}"))
                    .forEach(path -> received.add(path.replaceAll("^(Messages\\[\\]/(Message)?Attributes)/.*$", "$1/*")));

            assertThat(extra(received, BotocoreModel.load(TOOLS, "sqs", "2012-11-05").outputPaths("ReceiveMessage"))).isEmpty();
            assertThat(received).contains("Messages[]/Body", "Messages[]/ReceiptHandle", "Messages[]/MD5OfBody",
                    "Messages[]/MessageAttributes/*",
                    "Messages[]/MD5OfMessageAttributes");
        }
    }

    @Test
    void listAccountsAndAssumeRoleAnswerInTheModelsNames() throws Exception {
        assumeTrue(TOOLS != null, "set -Dmirrorpilot.tools=<venv>/bin (make test does)");
        try (var organization = SeededSimulator.organization("999999999999", "Role", Set.of("777788889999"),
                List.of(InventoryFile.read(Path.of("../events/sample-inventory.json"))))) {
            var accounts = Shapes.ofJson(post(organization.endpoint(), "organizations", "application/x-amz-json-1.1",
                    "AWSOrganizationsV20161128.ListAccounts", "local", "{\"MaxResults\": 1}"));
            var assumed = Shapes.ofXml(post(organization.endpoint(), "sts", "application/x-www-form-urlencoded; charset=utf-8", null,
                    "local", "Version=2011-06-15&Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/Role&RoleSessionName=s"));

            assertThat(extra(accounts, BotocoreModel.load(TOOLS, "organizations", "2016-11-28").outputPaths("ListAccounts")))
                    .isEmpty();
            assertThat(accounts).contains("Accounts[]/Id", "Accounts[]/Status", "NextToken");
            assertThat(extra(assumed, BotocoreModel.load(TOOLS, "sts", "2011-06-15").outputPaths("AssumeRole"))).isEmpty();
            assertThat(assumed).contains("AssumeRoleResponse/AssumeRoleResult/Credentials/AccessKeyId");
        }
    }
}
