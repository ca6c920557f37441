package dev.incidentbot.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The figures by number, in the order the issue lists them. */
public final class Figures {
    private Figures() {
    }

    public static Map<Integer, Supplier<Figure>> all() {
        Map<Integer, Supplier<Figure>> figures = new LinkedHashMap<>();
        figures.put(1, SlackAckFigure::new);
        figures.put(2, DeclareToReadyFigure::new);
        figures.put(3, ReminderLatenessFigure::new);
        figures.put(4, EngineThroughputFigure::new);
        figures.put(5, ExportFigure::new);
        figures.put(6, FootprintFigure::new);
        figures.put(7, RunnerOverheadFigure::new);
        figures.put(8, MatrixRoundTripFigure::new);
        figures.put(9, DeclareRoundTripsFigure::new);
        figures.put(10, ReplicasFigure::new);
        return figures;
    }
}
