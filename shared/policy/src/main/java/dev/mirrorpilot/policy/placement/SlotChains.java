package dev.mirrorpilot.policy.placement;

import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Frees a slot for a source whose usable targets are all full: a chain of moves of MirrorPilot's own
 * sources, each to another target that can take it, that ends at a target with room (an augmenting
 * path of the sources-to-targets assignment). Tried for every such source in turn, this makes the
 * number of covered sources the maximum the targets' source limits allow, whatever order the greedy
 * placement went in. Among chains the one with the fewest moves of existing sessions is taken (a new
 * session's choice of target is free to change); foreign sessions are never part of a chain. A target
 * from which no chain was found stays closed for the rest of the run, as no later move can open it:
 * every source it holds can only go where it already failed.
 */
public final class SlotChains {
    /** A source of ours on a target: a session this plan creates, or an existing one it may move; and where it could go. */
    public record Holder(NetworkInterface eni, boolean existing, List<MirrorTarget> usable) {
    }

    /** One holder leaving {@code from} for {@code to}. */
    public record Move(Holder holder, MirrorTarget from, MirrorTarget to) {
    }

    /** The source goes to {@code first}; the moves, applied, make the room it takes. */
    public record Chain(MirrorTarget first, List<Move> moves) {
        public long existingMoves() {
            return moves.stream().filter(m -> m.holder().existing()).count();
        }
    }

    private final Placement placement;
    private final TargetLoads loads;
    private final Map<String, Map<String, Holder>> holders = new HashMap<>(); // target -> eni -> holder, in arrival order
    private final Set<String> closed = new HashSet<>();

    public SlotChains(Placement placement, TargetLoads loads) {
        this.placement = placement;
        this.loads = loads;
    }

    /** Records that a movable source of ours is on the target (the caller has counted its load). */
    public void hold(MirrorTarget target, NetworkInterface eni, boolean existing) {
        hold(target, new Holder(eni, existing, placement.usable(eni)));
    }

    private void hold(MirrorTarget target, Holder holder) {
        holders.computeIfAbsent(target.id(), t -> new LinkedHashMap<>()).put(holder.eni().id(), holder);
    }

    /** The shortest chain (fewest existing sessions moved, then fewest moves) that makes room for the source. */
    public Optional<Chain> find(NetworkInterface source) {
        var best = new HashMap<String, Integer>();
        var via = new HashMap<String, Move>();
        var entering = new HashMap<String, String>();
        var done = new HashSet<String>();
        var queue = new ArrayDeque<MirrorTarget>();
        // Popped in order of cost, a list of targets expanded once reaches them at its best: never again.
        var expanded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<List<MirrorTarget>, Boolean>());
        var expandedExisting = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<List<MirrorTarget>, Boolean>());
        for (var target : placement.usable(source)) {
            if (!closed.contains(target.id())) {
                best.put(target.id(), 0);
                entering.put(target.id(), source.id());
                queue.addLast(target);
            }
        }
        while (!queue.isEmpty()) {
            var target = queue.pollFirst();
            if (!done.add(target.id())) {
                continue;
            }
            if (placement.hasRoom(target, entering.get(target.id()))) {
                return Optional.of(chainTo(target, via));
            }
            int here = best.get(target.id());
            for (var holder : holders.getOrDefault(target.id(), Map.of()).values()) {
                int cost = here + (holder.existing() ? 1 : 0);
                if (!loads.hasOnlyOneSession(target.id(), holder.eni().id())) {
                    continue; // another session of that ENI stays on the target (another team's): leaving frees no slot
                }
                var usable = holder.usable();
                if (!(holder.existing() ? expandedExisting : expanded).add(usable)) {
                    continue;
                }
                for (var next : usable) {
                    if (next.id().equals(target.id()) || closed.contains(next.id()) || done.contains(next.id())
                            || best.getOrDefault(next.id(), Integer.MAX_VALUE) <= cost) {
                        continue;
                    }
                    best.put(next.id(), cost);
                    via.put(next.id(), new Move(holder, target, next));
                    entering.put(next.id(), holder.eni().id());
                    if (cost == here) {
                        queue.addFirst(next);
                    } else {
                        queue.addLast(next);
                    }
                }
            }
        }
        closed.addAll(done);
        return Optional.empty();
    }

    /** Applies the chain's moves to the loads and holders, and places the source on the chain's first target. */
    public void apply(Chain chain, NetworkInterface source) {
        for (var move : chain.moves()) {
            var eni = move.holder().eni().id();
            loads.move(move.from().id(), move.to().id(), eni);
            holders.get(move.from().id()).remove(eni);
            hold(move.to(), move.holder());
        }
        loads.add(chain.first().id(), source.id());
        hold(chain.first(), source, false);
    }

    private static Chain chainTo(MirrorTarget end, Map<String, Move> via) {
        var moves = new ArrayList<Move>();
        var at = end;
        while (via.containsKey(at.id())) {
            var move = via.get(at.id());
            moves.add(move);
            at = move.from();
        }
        return new Chain(at, List.copyOf(moves));
    }
}
