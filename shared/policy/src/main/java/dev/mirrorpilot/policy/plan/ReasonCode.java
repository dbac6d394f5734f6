package dev.mirrorpilot.policy.plan;

/**
 * Why the planner chose an action. Each code says, in a line a person can act on, what it means,
 * and how it counts in the coverage report: a problem is an eligible source that is not mirrored.
 */
public enum ReasonCode {
    // Not eligible: the policy or AWS says this ENI is not a source. Not a problem.
    NOT_RUNNING(Coverage.NOT_ELIGIBLE, "instance is not running"),
    UNSUPPORTED_INSTANCE_TYPE(Coverage.NOT_ELIGIBLE, "instance type cannot be a Traffic Mirroring source"),
    EXCLUDED_BY_TAG(Coverage.NOT_ELIGIBLE, "opted out by tag mirrorpilot:mirror=false"),
    NOT_OPTED_IN(Coverage.NOT_ELIGIBLE, "opt-in mode and no tag mirrorpilot:mirror=true"),
    EXCLUDED_BY_VPC(Coverage.NOT_ELIGIBLE, "VPC excluded by policy"),
    EXCLUDED_BY_SUBNET(Coverage.NOT_ELIGIBLE, "subnet excluded by policy"),
    SECONDARY_INTERFACE(Coverage.NOT_ELIGIBLE, "secondary interface; policy mirrors primary interfaces only"),
    IS_SENSOR(Coverage.NOT_ELIGIBLE, "instance is a Sensor"),
    IS_APPLIANCE(Coverage.NOT_ELIGIBLE, "instance is an appliance (tagged mirrorpilot:role=sensor, brain or stream, "
            + "or registered behind a selected load balancer target)"),
    ENI_IS_TARGET(Coverage.NOT_ELIGIBLE, "interface is a mirror target"),
    NOT_WORKLOAD_INTERFACE(Coverage.NOT_ELIGIBLE, "interface belongs to a load balancer, endpoint or other service"),
    REQUESTER_MANAGED(Coverage.NOT_ELIGIBLE, "requester-managed interface"),
    NOT_OWNER(Coverage.NOT_ELIGIBLE, "interface is owned by another account; only its owner can mirror it"),

    // Eligible but not mirrored: each of these needs a person (or a later run) to fix something.
    UNKNOWN_INSTANCE_TYPE(Coverage.UNCOVERED, "instance type facts unavailable; cannot decide"),
    NO_FILTER(Coverage.UNCOVERED, "no mirror filter selected"),
    NO_REACHABLE_TARGET(Coverage.UNCOVERED, "no selected mirror target is reachable from this VPC"),
    NO_USABLE_TARGET(Coverage.UNCOVERED, "every reachable mirror target is down, drops UDP 4789 from this source, "
            + "or has no healthy UDP 4789 listener"),
    TARGETS_FULL(Coverage.UNCOVERED, "every reachable mirror target is at its source limit"),
    YIELDED_SLOT(Coverage.UNCOVERED, "its session delivered nothing (the target is unreachable from its VPC) and no "
            + "target it can reach has room: the session was deleted so that its slot covers a source that can deliver"),
    SOURCE_SESSION_LIMIT(Coverage.UNCOVERED, "interface already has 3 mirror sessions (the AWS maximum)"),
    NO_SESSION_NUMBER(Coverage.UNCOVERED, "no session number is free above the interface's foreign sessions (MirrorPilot "
            + "yields to them, and one holds the highest numbers)"),
    ACCOUNT_SESSION_LIMIT(Coverage.UNCOVERED, "the account has 10,000 mirror sessions in this region (the AWS maximum)"),
    SHADOWED(Coverage.UNCOVERED, "a foreign session with a lower number accepts all traffic; ours would see none"),
    STRANDED(Coverage.UNCOVERED, "session's target is gone, cannot receive, or is unreachable, and no other target can take it"),

    // Actions.
    NEW_SOURCE(Coverage.TO_CREATE, "eligible and not mirrored"),
    MIRRORED(Coverage.MIRRORED, "mirrored"),
    MIRRORED_BY_FOREIGN_SESSION(Coverage.MIRRORED, "another team's session that accepts all traffic mirrors it into a selected "
            + "target that can receive; MirrorPilot adds none (it would see nothing)"),
    PARTLY_MIRRORED(Coverage.MIRRORED, "mirrored, except what a foreign session with a lower number matches first"),
    KEPT_WHILE_STOPPED(Coverage.NONE, "instance stopped; session kept by policy (it still bills)"),
    KEPT_WHILE_STARTING(Coverage.NONE, "instance pending (starting); session kept for when it runs"),
    RENUMBERED_WHILE_STOPPED(Coverage.NONE, "session kept while the instance is not running, renumbered behind another "
            + "team's session, whose packets it would otherwise take first once the instance runs (yield)"),
    KEPT_FOR_SURGE(Coverage.NONE, "session kept until its surge expires (mirrorpilot:surge-until), whatever the policy says"),
    KEPT_UNDECIDED(Coverage.NONE, "session kept: whether its source may be mirrored cannot be decided now"),
    NO_BETTER_TARGET(Coverage.MIRRORED, "left on a crowded target (sources or its Sensor's Gbps) or a Sensor reported down: "
            + "no other reachable target can take it, or this run's maximum of moves is reached"),
    RELEASED_WITH_INTERFACE(Coverage.NONE, "AWS deletes this session with its interface (delete on termination)"),
    DUPLICATE(Coverage.NONE, "duplicate MirrorPilot session on the same interface"),
    SOURCE_GONE(Coverage.NONE, "source interface no longer attached to an instance"),
    SOURCE_EXCLUDED(Coverage.NONE, "source no longer eligible"),
    SOURCE_STOPPED(Coverage.NONE, "instance stopped; policy removes sessions of stopped instances"),
    SESSION_SHADOWED(Coverage.NONE, "session is shadowed by a foreign session and mirrors nothing"),
    TARGET_MISSING(Coverage.MIRRORED, "session's target no longer exists"),
    TARGET_NOT_SELECTED(Coverage.MIRRORED, "session's target is no longer selected by policy"),
    TARGET_UNREACHABLE(Coverage.MIRRORED, "session's target is no longer reachable"),
    TARGET_DOWN(Coverage.MIRRORED, "target has nothing behind it that can receive (Sensor ENI gone or detached, "
            + "Sensor stopped, load balancer or endpoint gone or not active)"),
    TARGET_BLOCKS_VXLAN(Coverage.MIRRORED, "target's security groups drop UDP 4789 (VXLAN) from the source"),
    TARGET_NO_LISTENER(Coverage.MIRRORED, "Network Load Balancer has no UDP listener on port 4789"),
    TARGET_UNHEALTHY(Coverage.MIRRORED, "Network Load Balancer has no healthy target behind its UDP 4789 listener"),
    TARGET_SENSOR_DOWN(Coverage.MIRRORED, "the Brain reports the Sensor behind this target down (not paired, or "
            + "connectivity CRITICAL): no new session; existing ones are kept and reported"),
    REBALANCE(Coverage.MIRRORED, "moved in place off a crowded target (above its source headroom or its Sensor's throughput "
            + "share, or draining on to its low-water mark) or off a Sensor reported down"),
    MOVED_FOR_COVERAGE(Coverage.MIRRORED, "moved to another target that can receive it, to free a slot for a source that "
            + "no other target can take"),
    SETTINGS_DRIFT(Coverage.MIRRORED, "session settings differ from policy"),
    RENUMBERED(Coverage.MIRRORED, "session renumbered: behind every foreign session (yield), or ahead of one that "
            + "takes all traffic (preempt)");

    /** How an ENI with this reason counts in the coverage report. */
    public enum Coverage { NOT_ELIGIBLE, UNCOVERED, TO_CREATE, MIRRORED, NONE }

    private final Coverage coverage;
    private final String meaning;

    ReasonCode(Coverage coverage, String meaning) {
        this.coverage = coverage;
        this.meaning = meaning;
    }

    public Coverage coverage() {
        return coverage;
    }

    public String meaning() {
        return meaning;
    }

    /** How the code is written in every output (tables, JSON, logs, metrics, findings): lower_snake_case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An eligible workload interface left unmirrored: worth a finding. */
    public boolean isProblem() {
        return coverage == Coverage.UNCOVERED;
    }

    /**
     * Worth a Security Hub finding: a problem, or a workload whose type AWS cannot mirror (not
     * eligible, but a gap in monitoring a person should know of and can fix by changing the type).
     */
    public boolean needsFinding() {
        return isProblem() || this == UNSUPPORTED_INSTANCE_TYPE;
    }

    /** A reason a target cannot receive: the target gets no new session and a finding. */
    public boolean isTargetProblem() {
        return this == TARGET_DOWN || this == TARGET_BLOCKS_VXLAN || this == TARGET_NO_LISTENER || this == TARGET_UNHEALTHY;
    }
}
