package dev.mirrorpilot.policy.model;

/** The three kinds of Traffic Mirror target, with their AWS {@code Type} names. */
public enum TargetKind {
    NETWORK_INTERFACE("network-interface"),
    NETWORK_LOAD_BALANCER("network-load-balancer"),
    GATEWAY_LOAD_BALANCER_ENDPOINT("gateway-load-balancer-endpoint");

    private final String awsName;

    TargetKind(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }

    public static TargetKind fromAws(String value) {
        for (var kind : values()) {
            if (kind.awsName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown mirror target type '" + value
                + "'; expected network-interface, network-load-balancer or gateway-load-balancer-endpoint");
    }
}
