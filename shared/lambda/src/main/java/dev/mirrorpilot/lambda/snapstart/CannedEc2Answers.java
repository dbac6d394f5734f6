package dev.mirrorpilot.lambda.snapstart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers each EC2 Query request in process with
 * a fixed, valid response (one running instance with one ENI for DescribeInstances, its type for
 * DescribeInstanceTypes, one ENI target whose capture ENI is in another VPC, so a launch reads what
 * stands behind it and the connectivity, and an empty answer for everything else). Priming sends the SDK's real
 * marshalling, signing and unmarshalling through it, so nothing reaches AWS and nothing changes.
 */
final class CannedEc2Answers implements SdkHttpClient {
    static final String INSTANCE_ID = "i-0000000000000000f";
    static final String INSTANCE_TYPE = "m5.large";
    /** An ENI target, never a load balancer: ELBv2 is not answered in process, so an NLB here would send real requests. */
    static final String TARGET_ID = "tmt-00000000000000001";
    private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final String account;
    private final String region;
    private final List<String> actions = Collections.synchronizedList(new ArrayList<>());

    CannedEc2Answers(String account, String region) {
        this.account = account;
        this.region = region;
    }

    /** The actions answered, in order (what priming exercised). */
    List<String> actions() {
        return List.copyOf(actions);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                var action = actionOf(request);
                actions.add(action);
                var body = answer(action).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "text/xml;charset=UTF-8")
                                .putHeader("Content-Length", Integer.toString(body.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static String actionOf(HttpExecuteRequest request) throws IOException {
        var stream = request.contentStreamProvider().map(p -> p.newStream()).orElse(InputStream.nullInputStream());
        try (stream) {
            var form = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            for (var pair : form.split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return "Unknown";
    }

    private String answer(String action) {
        var inner = switch (action) {
            case "DescribeInstances" -> instance();
            case "DescribeInstanceTypes" -> "<instanceTypeSet><item><instanceType>" + INSTANCE_TYPE + "</instanceType>"
                    + "<hypervisor>nitro</hypervisor><bareMetal>false</bareMetal></item></instanceTypeSet>";
            case "DescribeTrafficMirrorTargets" -> "<trafficMirrorTargetSet><item><trafficMirrorTargetId>" + TARGET_ID
                    + "</trafficMirrorTargetId><networkInterfaceId>eni-00000000000000002</networkInterfaceId>"
                    + "<type>network-interface</type><ownerId>" + account + "</ownerId><tagSet/></item></trafficMirrorTargetSet>";
            case "DescribeNetworkInterfaces" -> "<networkInterfaceSet><item><networkInterfaceId>eni-00000000000000002"
                    + "</networkInterfaceId><subnetId>subnet-00000000000000002</subnetId><vpcId>vpc-00000000000000002</vpcId>"
                    + "<availabilityZone>" + region + "a</availabilityZone><ownerId>" + account + "</ownerId><status>in-use</status>"
                    + "<privateIpAddress>10.1.0.10</privateIpAddress><groupSet><item><groupId>sg-00000000000000001</groupId>"
                    + "<groupName>sensor</groupName></item></groupSet><attachment><attachmentId>eni-attach-00000000000000002"
                    + "</attachmentId><instanceId>i-0000000000000000e</instanceId><deviceIndex>0</deviceIndex><status>attached"
                    + "</status><deleteOnTermination>true</deleteOnTermination></attachment><interfaceType>interface"
                    + "</interfaceType><tagSet/></item></networkInterfaceSet>";
            default -> "";
        };
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"" + NAMESPACE + "\">"
                + "<requestId>00000000-0000-0000-0000-000000000000</requestId>" + inner + "</" + action + "Response>";
    }

    private String instance() {
        var vpc = "<subnetId>subnet-00000000000000001</subnetId><vpcId>vpc-00000000000000001</vpcId>";
        return "<reservationSet><item><reservationId>r-00000000000000001</reservationId><ownerId>" + account + "</ownerId>"
                + "<instancesSet><item><instanceId>" + INSTANCE_ID + "</instanceId><instanceType>" + INSTANCE_TYPE
                + "</instanceType><instanceState><code>16</code><name>running</name></instanceState>" + vpc
                + "<placement><availabilityZone>" + region + "a</availabilityZone></placement>"
                + "<networkInterfaceSet><item><networkInterfaceId>eni-00000000000000001</networkInterfaceId>" + vpc
                + "<ownerId>" + account + "</ownerId><status>in-use</status><interfaceType>interface</interfaceType>"
                + "<privateIpAddress>10.0.0.10</privateIpAddress><groupSet/>"
                + "<attachment><attachmentId>eni-attach-00000000000000001</attachmentId><deviceIndex>0</deviceIndex>"
                + "<status>attached</status><deleteOnTermination>true</deleteOnTermination></attachment></item>"
                + "</networkInterfaceSet><tagSet/></item></instancesSet></item></reservationSet>";
    }

    @Override
    public String clientName() {
        return "MirrorPilotPriming";
    }

    @Override
    public void close() {
    }
}
