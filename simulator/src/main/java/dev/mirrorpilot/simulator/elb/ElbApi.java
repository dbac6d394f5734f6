package dev.mirrorpilot.simulator.elb;

import dev.mirrorpilot.simulator.model.LoadBalancer;
import dev.mirrorpilot.simulator.AwsError;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import dev.mirrorpilot.simulator.ec2.Xml;
import dev.mirrorpilot.simulator.state.AccountState;
import java.util.List;

/**
 * The Elastic Load Balancing v2 reads MirrorPilot makes (AWS Query protocol, version
 * 2015-12-01): DescribeLoadBalancers, DescribeListeners, DescribeTargetGroups and
 * DescribeTargetHealth. Element names follow the botocore model (lists of {@code member}s).
 */
public final class ElbApi {
    public static final String VERSION = "2015-12-01";
    private static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private final AccountState state;

    public ElbApi(AccountState state) {
        this.state = state;
    }

    public String handle(QueryRequest request, String requestId) {
        var action = request.action();
        var xml = new Xml().openRoot(action + "Response", NAMESPACE).open(action + "Result");
        switch (action) {
            case "DescribeLoadBalancers" -> describeLoadBalancers(request, xml);
            case "DescribeListeners" -> describeListeners(request, xml);
            case "DescribeTargetGroups" -> describeTargetGroups(request, xml);
            case "DescribeTargetHealth" -> describeTargetHealth(request, xml);
            default -> throw AwsError.badRequest("InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        return xml.close(action + "Result").open("ResponseMetadata").element("RequestId", requestId)
                .close("ResponseMetadata").close(action + "Response").toString();
    }

    public static String errorXml(AwsError error, String requestId) {
        return new Xml().openRoot("ErrorResponse", NAMESPACE).open("Error").element("Type", "Sender")
                .element("Code", error.code()).element("Message", error.getMessage()).close("Error")
                .element("RequestId", requestId).close("ErrorResponse").toString();
    }

    private void describeLoadBalancers(QueryRequest request, Xml xml) {
        var arns = request.list("LoadBalancerArns.member");
        var all = state.loadBalancers();
        List<LoadBalancer> chosen = arns.isEmpty() ? all : arns.stream().map(this::require).toList();
        xml.open("LoadBalancers");
        for (var lb : chosen) {
            xml.open("member").element("LoadBalancerArn", lb.arn()).element("LoadBalancerName", name(lb))
                    .element("Type", lb.type()).element("Scheme", "internal").element("VpcId", lb.vpcId())
                    .open("State").element("Code", lb.state()).close("State");
            // An NLB created without security groups has none, and the member is absent.
            if (!lb.securityGroupIds().isEmpty()) {
                xml.open("SecurityGroups");
                lb.securityGroupIds().forEach(g -> xml.element("member", g));
                xml.close("SecurityGroups");
            }
            xml.close("member");
        }
        xml.close("LoadBalancers");
    }

    private void describeListeners(QueryRequest request, Xml xml) {
        var lb = require(request.required("LoadBalancerArn"));
        xml.open("Listeners");
        int n = 0;
        for (var listener : lb.listeners()) {
            xml.open("member").element("ListenerArn", lb.arn().replace(":loadbalancer/", ":listener/") + "/" + (++n))
                    .element("LoadBalancerArn", lb.arn()).element("Port", listener.port())
                    .element("Protocol", listener.protocol())
                    .open("DefaultActions").open("member").element("Type", "forward")
                    .element("TargetGroupArn", listener.targetGroupArn()).close("member").close("DefaultActions")
                    .close("member");
        }
        xml.close("Listeners");
    }

    private void describeTargetGroups(QueryRequest request, Xml xml) {
        var lb = require(request.required("LoadBalancerArn"));
        xml.open("TargetGroups");
        for (var group : groupsOf(lb)) {
            var listener = lb.listeners().stream().filter(l -> l.targetGroupArn().equals(group)).findFirst();
            xml.open("member").element("TargetGroupArn", group)
                    .element("Protocol", listener.map(LoadBalancer.Listener::protocol).orElse("UDP"))
                    .element("Port", listener.map(LoadBalancer.Listener::port).orElse(4789))
                    .element("VpcId", lb.vpcId()).element("TargetType", "instance")
                    .element("HealthCheckProtocol", "TCP")
                    .open("LoadBalancerArns").element("member", lb.arn()).close("LoadBalancerArns").close("member");
        }
        xml.close("TargetGroups");
    }

    private void describeTargetHealth(QueryRequest request, Xml xml) {
        var group = request.required("TargetGroupArn");
        var registered = state.loadBalancers().stream().flatMap(lb -> lb.registered().stream())
                .filter(t -> t.targetGroupArn().equals(group)).toList();
        boolean known = state.loadBalancers().stream().anyMatch(lb -> groupsOf(lb).contains(group));
        if (!known) {
            throw AwsError.badRequest("TargetGroupNotFound", "One or more target groups not found");
        }
        xml.open("TargetHealthDescriptions");
        for (var target : registered) {
            xml.open("member").open("Target").element("Id", target.id()).element("Port", target.port()).close("Target")
                    .element("HealthCheckPort", "traffic-port")
                    .open("TargetHealth").element("State", target.health()).close("TargetHealth").close("member");
        }
        xml.close("TargetHealthDescriptions");
    }

    private static List<String> groupsOf(LoadBalancer lb) {
        return java.util.stream.Stream.concat(lb.listeners().stream().map(LoadBalancer.Listener::targetGroupArn),
                lb.registered().stream().map(LoadBalancer.RegisteredTarget::targetGroupArn)).filter(g -> !g.isBlank())
                .distinct().sorted().toList();
    }

    private LoadBalancer require(String arn) {
        return state.loadBalancers().stream().filter(lb -> lb.arn().equals(arn)).findFirst()
                .orElseThrow(() -> AwsError.badRequest("LoadBalancerNotFound", "One or more load balancers not found"));
    }

    private static String name(LoadBalancer lb) {
        var parts = lb.name().split("/");
        return parts.length >= 2 ? parts[1] : lb.name();
    }
}
