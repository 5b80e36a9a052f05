package io.scem.core.rules;

import io.scem.core.cost.CostModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rules directory that a running job follows: each {@link #poll} compiles it again if a rule
 * file changed, appeared or disappeared, and says what to run.
 *
 * <p>A file that does not compile is rejected alone: its last version that compiled keeps
 * running (or, for a new file, nothing), and the other changes go ahead. If they cannot go ahead
 * without it (another file depended on what it changed), every change of this poll is held back
 * and reported. The last good texts are kept here, not re-read, so an editor's half-saved file
 * never becomes the fallback.
 */
public final class RuleDirectory {
    /** What a poll found: the rules to run (null: keep the running ones) and the rejected files. */
    public record Change(RuleSet rules, SortedMap<String, List<RuleProblem>> rejected) {}

    private final Path dir;
    /** The rules the job started with, compiled from this directory (or null). */
    private final RuleSet startingRules;
    private boolean polled;
    private SortedMap<String, String> seen = new TreeMap<>();
    private SortedMap<String, String> lastGood = new TreeMap<>();

    public RuleDirectory(Path dir, RuleSet startingRules) {
        this.dir = dir;
        this.startingRules = startingRules;
    }

    public Path dir() {
        return dir;
    }

    /** Compiles the directory if it differs from the last poll; empty if nothing changed. */
    public Optional<Change> poll() throws IOException {
        SortedMap<String, String> texts = RuleSet.readFiles(dir);
        boolean first = !polled;
        polled = true;
        if (!first && texts.equals(seen)) {
            return Optional.empty();
        }
        seen = texts;
        if (first && startingRules != null && versionsOf(texts).equals(startingRules.versions())) {
            // The files the job was started with: nothing to compile (it costs seconds).
            lastGood = texts;
            return Optional.empty();
        }
        if (texts.isEmpty()) {
            // Deleting every file is far more likely a mistake (or a checkout under way) than a
            // wish to stop monitoring: keep running what runs.
            return Optional.of(new Change(null, new TreeMap<>(Map.of(dir.getFileName() + "/",
                    List.of(new RuleProblem(dir.getFileName() + "/", 0, 0, "no .epl rule files; the running rules are kept"))))));
        }
        SortedMap<String, String> candidate = new TreeMap<>(texts);
        SortedMap<String, List<RuleProblem>> rejected = new TreeMap<>();
        while (true) {
            try {
                RuleSet rules = RuleSet.compile(dir.toString(), candidate);
                lastGood = candidate;
                return Optional.of(new Change(rules, rejected));
            } catch (RuleCompileException e) {
                Set<String> reverted = revertFailingFiles(candidate, e.problems(), rejected);
                if (reverted.isEmpty()) {
                    // The problems are in files that did not change: one of the changes broke
                    // them. Hold every change back and report the problems against the changes.
                    for (RuleProblem problem : e.problems()) {
                        rejected.computeIfAbsent(problem.file(), f -> new ArrayList<>()).add(problem);
                    }
                    for (String file : changedFiles(texts)) rejected.putIfAbsent(file, e.problems());
                    return Optional.of(new Change(null, rejected));
                }
            }
        }
    }

    /** Puts back the last good text of every failing changed file (drops it if new); returns them. */
    private Set<String> revertFailingFiles(SortedMap<String, String> candidate, List<RuleProblem> problems,
            SortedMap<String, List<RuleProblem>> rejected) {
        Set<String> reverted = new HashSet<>();
        for (RuleProblem problem : problems) {
            String file = problem.file();
            boolean changed = candidate.containsKey(file) && !candidate.get(file).equals(lastGood.get(file));
            if (!changed) continue;
            rejected.computeIfAbsent(file, f -> new ArrayList<>()).add(problem);
            reverted.add(file);
        }
        for (String file : reverted) {
            String good = lastGood.get(file);
            if (good == null) candidate.remove(file);
            else candidate.put(file, good);
        }
        return reverted;
    }

    private List<String> changedFiles(SortedMap<String, String> texts) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (!e.getValue().equals(lastGood.get(e.getKey()))) changed.add(e.getKey());
        }
        return changed;
    }

    private static Set<String> versionsOf(SortedMap<String, String> texts) {
        Set<String> versions = new HashSet<>();
        for (Map.Entry<String, String> file : texts.entrySet()) {
            // costs.yaml is checked with the rules but is no part of their versions (see RuleSet#costs).
            if (!file.getKey().equals(CostModel.FILE)) versions.add(RuleSet.versionOf(file.getValue()));
        }
        return versions;
    }
}
