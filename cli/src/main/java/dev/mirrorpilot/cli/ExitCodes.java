package dev.mirrorpilot.cli;

/**
 * The one table of exit codes every command shares (and the README repeats): a number means the
 * same thing whichever command returns it, and no two outcomes share a number.
 */
final class ExitCodes {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int PENDING = 3;
    static final int REFUSED = 4;
    static final int UNCOVERED = 5;
    static final int DLQ_KEPT = 6;
    static final int BRAIN_UNHEALTHY = 7;
    static final int UNREAD = 8;
    static final int SHORTFALL = 9;
    static final int DLQ_REFUSED = 10;
    static final int NOT_DELIVERED = 11;

    static final String L_DONE = "0:done (nothing left to change, every message replayed, every account read, a healthy Brain)";
    static final String L_FAILED = "1:failed (see the message; nothing was half done)";
    static final String L_BAD_INPUT = "2:bad input: usage, a setting, the inventory file, an event or payload (refused, nothing changed)";
    static final String L_PENDING = "3:changes pending (a dry run, or --max-changes / --max-moves stopped the run)";
    static final String L_REFUSED = "4:some changes refused for good (a permission, EC2's refusal; see the report)";
    static final String L_UNCOVERED = "5:plan --fail-on-uncovered: a workload a person can fix is left unmirrored";
    static final String L_DLQ_KEPT = "6:dlq replay: some messages could not be replayed and are still in the queue";
    static final String L_BRAIN_UNHEALTHY = "7:brain-health: the Brain reports a problem";
    static final String L_UNREAD = "8:coverage: some accounts or regions could not be read (see their rows)";
    static final String L_SHORTFALL = "9:rebalance: a crowded target cannot be relieved (add what the report says)";
    static final String L_DLQ_REFUSED = "10:dlq replay: some messages were refused (another function, or not its event); still in the queue";
    static final String L_NOT_DELIVERED = "11:verify: a mirrored workload's traffic is not measured to arrive (see its verdict)";

    private ExitCodes() {
    }
}
