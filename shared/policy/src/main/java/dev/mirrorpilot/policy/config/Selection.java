package dev.mirrorpilot.policy.config;

import dev.mirrorpilot.policy.model.Tags;
import java.util.Set;

/** Picks resources (mirror targets, the filter) by tag or by explicit id. */
public sealed interface Selection {

    boolean selects(String id, Tags tags);

    /** Resources carrying a tag. */
    record ByTag(TagMatch tag) implements Selection {
        @Override
        public boolean selects(String id, Tags tags) {
            return tag.matches(tags);
        }

        @Override
        public String toString() {
            return "tag " + tag;
        }
    }

    /** Exactly the listed ids, which also reaches targets shared from other accounts (their tags are not visible). */
    record ByIds(Set<String> ids) implements Selection {
        public ByIds {
            ids = Set.copyOf(ids);
        }

        @Override
        public boolean selects(String id, Tags tags) {
            return ids.contains(id);
        }

        @Override
        public String toString() {
            return "ids " + String.join(",", ids.stream().sorted().toList());
        }
    }
}
