package dev.mirrorpilot.aws.ec2;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Sees every HTTP attempt, including those the SDK retries on its own, and tells listeners when
 * EC2 throttled a mutating call (HTTP 503 {@code RequestLimitExceeded}, or 503 Unavailable: both
 * mean slow down). Counts every throttled attempt, for reports and benchmarks.
 */
public final class ThrottleWatch implements ExecutionInterceptor {
    private final List<Runnable> mutatingListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong throttledAttempts = new AtomicLong();

    /** Calls {@code listener} on each throttled attempt of a Create, Delete or Modify call. */
    public void onMutatingThrottled(Runnable listener) {
        mutatingListeners.add(listener);
    }

    public void remove(Runnable listener) {
        mutatingListeners.remove(listener);
    }

    public long throttledAttempts() {
        return throttledAttempts.get();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        int status = context.httpResponse().statusCode();
        if (status != 503 && status != 429) {
            return;
        }
        throttledAttempts.incrementAndGet();
        var operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation != null && (operation.startsWith("Create") || operation.startsWith("Delete")
                || operation.startsWith("Modify"))) {
            mutatingListeners.forEach(Runnable::run);
        }
    }
}
