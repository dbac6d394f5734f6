package software.amazon.awssdk.core;

/** Stand-in for the SDK's interface of the same name, which a stubbed builder extends (this module has no SDK). */
public interface SdkPojo {
}
