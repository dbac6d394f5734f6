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

    /**
     * Slows {@code pacer} down on each throttled attempt of a Create, Delete or Modify call, until the
     * returned handle is closed (a client outlives the runs it serves).
     */
    public Subscription slowing(MutationPacer pacer) {
        Runnable listener = pacer::throttled;
        mutatingListeners.add(listener);
        return () -> mutatingListeners.remove(listener);
    }

    /** A subscription that ends without a checked exception. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
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
