package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.decision.DecisionTable.Rule;
import io.jpatroni.daemon.decision.DecisionTable.Step;
import io.jpatroni.daemon.decision.DecisionTable.Upkeep;
import java.util.List;
import java.util.function.Function;

/** {@link DecisionTable} printed as Markdown: what {@code docs/decision-table.md} holds. */
public final class DecisionTableDoc {
    private DecisionTableDoc() {
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# The HA decision table\n\n")
                .append("Generated from `daemon/src/main/java/io/jpatroni/daemon/decision/DecisionTable.java` by")
                .append(" `DecisionTableDocTest`: edit the table, run the daemon's tests, commit both.\n\n")
                .append("Each cycle the loop observes, then `HaDecider` walks the rules below; the first that answers")
                .append(" decides the action and the status line, and the steps are applied to that decision in")
                .append(" order. After the executor carried the action out, the loop observes again and the upkeep")
                .append(" rows are decided on what the action left: every row that answers adds its action, carried")
                .append(" out in this order. Then the loop publishes (member key, REST snapshot).\n\n")
                .append("The cluster the rows see is the one loaded from the DCS, with one exception")
                .append(" (`HaDecider.view`, Patroni's `Failsafe.update_cluster`): with `failsafe_mode`, when nobody")
                .append(" holds the lock but a primary sent this replica `POST /failsafe` within ttl, that primary")
                .append(" is the leader the rows see, so the replica follows it instead of racing.\n\n");
        section(md, "Rules (first match wins)", DecisionTable.RULES, Rule::name, Rule::patroni, Rule::summary);
        section(md, "Steps (applied to the decision, in order)", DecisionTable.STEPS, Step::name, Step::patroni,
                Step::summary);
        section(md, "Upkeep (after the action, every row that answers)", DecisionTable.UPKEEP, Upkeep::name,
                Upkeep::patroni, Upkeep::summary);
        return md.toString();
    }

    private static <T> void section(StringBuilder md, String title, List<T> rows, Function<T, String> name,
                                    Function<T, String> patroni, Function<T, String> summary) {
        md.append("## ").append(title).append("\n\n")
                .append("| # | row | when it answers, what it decides | Patroni 3.0.2 (`ha.py` unless named) |\n")
                .append("|---|---|---|---|\n");
        for (int i = 0; i < rows.size(); i++) {
            T row = rows.get(i);
            md.append("| ").append(i + 1)
                    .append(" | `").append(name.apply(row)).append('`')
                    .append(" | ").append(summary.apply(row))
                    .append(" | `").append(patroni.apply(row))
                    .append("` |\n");
        }
        md.append('\n');
    }
}
