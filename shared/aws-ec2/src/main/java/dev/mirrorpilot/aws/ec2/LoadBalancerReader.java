package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.LoadBalancer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

/**
 * Reads the load balancers behind NLB mirror targets with Elastic Load Balancing v2's
 * read-only calls: DescribeLoadBalancers, then per load balancer
 * DescribeListeners and DescribeTargetGroups, and per target group DescribeTargetHealth.
 * A load balancer that no longer exists is simply absent (the planner then calls its target down).
 */
final class LoadBalancerReader {
    private final ElasticLoadBalancingV2Client elb;

    LoadBalancerReader(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    List<LoadBalancer> read(List<String> arns) {
        var out = new ArrayList<LoadBalancer>();
        for (var arn : arns) {
            // One ARN a call: DescribeLoadBalancers fails the whole call when any ARN it is given is unknown.
            try {
                elb.describeLoadBalancers(b -> b.loadBalancerArns(arn)).loadBalancers().forEach(lb -> out.add(describe(lb)));
            } catch (ElasticLoadBalancingV2Exception e) {
                if (!"LoadBalancerNotFound".equals(e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode())) {
                    throw e;
                }
            }
        }
        return out;
    }

    private LoadBalancer describe(software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer lb) {
        var arn = lb.loadBalancerArn();
        var listeners = elb.describeListenersPaginator(b -> b.loadBalancerArn(arn)).listeners().stream()
                .map(l -> new LoadBalancer.Listener(l.protocolAsString(), l.port() == null ? 0 : l.port(),
                        l.defaultActions().stream().filter(a -> a.type() == ActionTypeEnum.FORWARD)
                                .map(a -> a.targetGroupArn()).filter(java.util.Objects::nonNull).findFirst().orElse("")))
                .toList();
        var registered = new ArrayList<LoadBalancer.RegisteredTarget>();
        elb.describeTargetGroupsPaginator(b -> b.loadBalancerArn(arn)).targetGroups().forEach(group ->
                elb.describeTargetHealth(b -> b.targetGroupArn(group.targetGroupArn())).targetHealthDescriptions()
                        .forEach(t -> registered.add(new LoadBalancer.RegisteredTarget(group.targetGroupArn(),
                                t.target().id(), t.target().port() == null ? 0 : t.target().port(),
                                t.targetHealth() == null ? "unavailable" : t.targetHealth().stateAsString()))));
        return new LoadBalancer(arn, lb.typeAsString(), lb.state() == null ? "unknown" : lb.state().codeAsString(),
                lb.vpcId(), listeners, registered);
    }
}
