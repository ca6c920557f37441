package dev.incidentbot.bot.incident;

/** The handlers of the incident commands, one per use case or small group; {@link CommandHandlers} dispatches to them. */
record UseCases(DeclareHandler declaring, ResponderHandler responders, ProgressHandler progress,
                ResolveHandler resolution, NoteHandler notes, ReportHandler reports) {
}
