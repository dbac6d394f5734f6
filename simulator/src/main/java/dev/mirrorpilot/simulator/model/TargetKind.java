package dev.mirrorpilot.simulator.model;

/** TrafficMirrorTargetType. */
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
        throw new IllegalArgumentException("unknown traffic mirror target type '" + value + "'");
    }
}
