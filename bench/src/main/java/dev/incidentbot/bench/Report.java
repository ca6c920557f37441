package dev.incidentbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The results as a Markdown table (what the README shows) and as JSON with the raw numbers. */
public record Report(String date, String mode, String machine, String command, List<Row> rows) {

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(date).append(" (").append(mode).append("), `").append(command).append("`  \n");
        md.append("Machine: ").append(machine).append("\n\n");
        md.append("| figure | target | measured (median of runs, min–max) | limit, same run | ratio | verdict |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            md.append("| ").append(cell(r.figure())).append(" | ").append(cell(r.target())).append(" | ")
                    .append(cell(r.measured())).append(" | ").append(cell(r.limit())).append(" | ")
                    .append(cell(r.ratio())).append(" | ").append(r.verdict() == Verdict.MISSED
                            ? "**MISSED**" : r.verdict().word()).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("date", date).put("mode", mode).put("machine", machine)
                .put("command", command);
        ArrayNode out = root.putArray("rows");
        for (Row r : rows) {
            ObjectNode row = out.addObject().put("figure", r.figure()).put("target", r.target())
                    .put("measured", r.measured()).put("limit", r.limit()).put("ratio", r.ratio())
                    .put("verdict", r.verdict().word());
            row.set("numbers", json.valueToTree(r.numbers()));
        }
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("latest.json").toFile(), root);
        Files.writeString(dir.resolve("latest.md"), markdown());
    }
}
