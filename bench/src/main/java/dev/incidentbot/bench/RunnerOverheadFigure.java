package dev.incidentbot.bench;

import java.nio.file.Path;
import java.util.List;

public final class RunnerOverheadFigure implements Figure {
    @Override
    public String title() {
        return "RunnerOverheadFigure";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) {
        return List.of(Row.notMeasured(title(), "", "todo"));
    }
}
