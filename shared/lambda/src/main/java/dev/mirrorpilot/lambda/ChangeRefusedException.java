package dev.mirrorpilot.lambda;

/**
 * EC2 refused a change for good on the event path (a missing permission, an SCP, a resource that
 * refuses it). Thrown after it was logged at ERROR and counted, so that the invocation fails: Lambda
 * retries it twice, then the on-failure destination (the dead-letter queue) keeps the event for a
 * replay once the cause is fixed, and the function's Errors alarm fires.
 */
public final class ChangeRefusedException extends RuntimeException {
    private final String code;

    public ChangeRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** What a person does about a refusal with this code. */
    static String advice(String code) {
        return switch (code) {
            case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException" -> "the function's role, a permissions "
                    + "boundary or an SCP does not allow the call: grant ec2:CreateTrafficMirrorSession (with the "
                    + "mirrorpilot:managed tag), ec2:DeleteTrafficMirrorSession and ec2:ModifyTrafficMirrorSession on sessions "
                    + "tagged mirrorpilot:managed=true, then replay the dead-letter queue";
            case "NetworkInterfaceNotSupported" -> "EC2 cannot mirror this interface or instance type; it is reported, and "
                    + "the next drift reconcile leaves it alone";
            case "TrafficMirrorSessionLimitExceeded" -> "the account has 10,000 mirror sessions in this region (not "
                    + "adjustable): delete sessions no longer needed or narrow what is mirrored";
            default -> "check the resource named in the message; the event goes to the dead-letter queue for a replay";
        };
    }
}
