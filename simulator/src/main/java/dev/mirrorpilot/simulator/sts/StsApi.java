package dev.mirrorpilot.simulator.sts;

import dev.mirrorpilot.simulator.AwsError;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import dev.mirrorpilot.simulator.ec2.Xml;

/** STS GetCallerIdentity (AWS Query protocol, version 2011-06-15): who the caller is, in the simulated account. */
public final class StsApi {
    public static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private final java.util.function.Supplier<String> account;

    public StsApi(java.util.function.Supplier<String> account) {
        this.account = account;
    }

    public String handle(QueryRequest request, String requestId) {
        if (!request.action().equals("GetCallerIdentity")) {
            throw AwsError.badRequest("InvalidAction", "The action " + request.action() + " is not valid for this web service.");
        }
        return new Xml().openRoot("GetCallerIdentityResponse", NAMESPACE).open("GetCallerIdentityResult")
                .element("Arn", "arn:aws:sts::" + account.get() + ":assumed-role/mirrorpilot-simulator/local")
                .element("UserId", "AROASIMULATOR0000000:local").element("Account", account.get())
                .close("GetCallerIdentityResult").open("ResponseMetadata").element("RequestId", requestId)
                .close("ResponseMetadata").close("GetCallerIdentityResponse").toString();
    }
}
