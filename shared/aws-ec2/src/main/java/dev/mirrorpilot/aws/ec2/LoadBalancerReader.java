package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.LoadBalancer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

/**
 * Reads the load balancers behind NLB mirror targets with Elastic Load Balancing v2's read-only
 * calls, in as few as it can: DescribeLoadBalancers for up to 20 ARNs a call, then per load
 * balancer DescribeListeners, and per target group a listener forwards to DescribeTargetHealth
 * (which lists the registered targets with their health). A load balancer that no longer exists
 * is simply absent, and the planner calls its target down.
 */
public final class LoadBalancerReader {
    /** DescribeLoadBalancers takes at most 20 ARNs. */
    private static final int ARNS_PER_CALL = 20;
    private final ElasticLoadBalancingV2Client elb;

    public LoadBalancerReader(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    public List<LoadBalancer> read(List<String> arns) {
        var described = new ArrayList<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer>();
        for (int i = 0; i < arns.size(); i += ARNS_PER_CALL) {
            var chunk = arns.subList(i, Math.min(arns.size(), i + ARNS_PER_CALL));
            try {
                described.addAll(elb.describeLoadBalancers(b -> b.loadBalancerArns(chunk)).loadBalancers());
            } catch (ElasticLoadBalancingV2Exception e) {
                if (!notFound(e)) {
                    throw e;
                }
                // One unknown ARN fails the whole call: ask for each, so the others are still read.
                for (var arn : chunk) {
                    try {
                        described.addAll(elb.describeLoadBalancers(b -> b.loadBalancerArns(arn)).loadBalancers());
                    } catch (ElasticLoadBalancingV2Exception gone) {
                        if (!notFound(gone)) {
                            throw gone;
                        }
                    }
                }
            }
        }
        return described.stream().map(this::describe).toList();
    }

    /**
     * The account's Gateway Load Balancers, with their registered appliances: read only when a GWLB
     * endpoint target exists (which GWLB serves which endpoint is known only to the service's owner).
     */
    List<LoadBalancer> readGateways() {
        return elb.describeLoadBalancersPaginator(b -> { }).loadBalancers().stream()
                .filter(lb -> "gateway".equals(lb.typeAsString())).map(this::describe).toList();
    }

    private static boolean notFound(ElasticLoadBalancingV2Exception e) {
        return "LoadBalancerNotFound".equals(e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode());
    }

    private LoadBalancer describe(software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer lb) {
        var arn = lb.loadBalancerArn();
        var listeners = elb.describeListenersPaginator(b -> b.loadBalancerArn(arn)).listeners().stream()
                .map(l -> new LoadBalancer.Listener(l.protocolAsString(), l.port() == null ? 0 : l.port(),
                        l.defaultActions().stream().filter(a -> a.type() == ActionTypeEnum.FORWARD)
                                .map(a -> a.targetGroupArn()).filter(java.util.Objects::nonNull).findFirst().orElse("")))
                .toList();
        var registered = new ArrayList<LoadBalancer.RegisteredTarget>();
        listeners.stream().map(LoadBalancer.Listener::targetGroupArn).filter(g -> !g.isEmpty()).distinct().forEach(group ->
                elb.describeTargetHealth(b -> b.targetGroupArn(group)).targetHealthDescriptions()
                        .forEach(t -> registered.add(new LoadBalancer.RegisteredTarget(group, t.target().id(),
                                t.target().port() == null ? 0 : t.target().port(),
                                t.targetHealth() == null ? "unavailable" : t.targetHealth().stateAsString()))));
        return new LoadBalancer(arn, lb.typeAsString(), lb.state() == null ? "unknown" : lb.state().codeAsString(),
                lb.vpcId(), listeners, registered, lb.securityGroups());
    }
}
