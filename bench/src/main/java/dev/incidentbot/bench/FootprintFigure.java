package dev.incidentbot.bench;

import java.nio.file.Path;
import java.util.List;

public final class FootprintFigure implements Figure {
    @Override
    public String title() {
        return "FootprintFigure";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) {
        return List.of(Row.notMeasured(title(), "", "todo"));
    }
}
