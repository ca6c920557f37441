package dev.incidentbot.bot.outbox;

/**
 * Which deliveries look for an earlier attempt that may have landed before they send (a repeat would show twice: a
 * second channel, message or file), so the start of each of their attempts is recorded before sending. Pins, topics,
 * invitations, edits, renames and leaving are harmless to repeat; replies cannot be looked up; integration calls
 * carry their own idempotency keys. A new kind of delivery does not compile until it is placed here.
 */
final class EarlierAttempts implements Delivery.Visitor<Boolean> {
    private static final EarlierAttempts INSTANCE = new EarlierAttempts();

    static boolean checked(Delivery d) {
        return d.accept(INSTANCE);
    }

    @Override
    public Boolean createConversation(Delivery.CreateConversation d) {
        return true;
    }

    @Override
    public Boolean post(Delivery.Post d) {
        return true;
    }

    @Override
    public Boolean announce(Delivery.Announce d) {
        return true;
    }

    @Override
    public Boolean upload(Delivery.Upload d) {
        return true;
    }

    @Override
    public Boolean invite(Delivery.Invite d) {
        return false;
    }

    @Override
    public Boolean update(Delivery.Update d) {
        return false;
    }

    @Override
    public Boolean pin(Delivery.Pin d) {
        return false;
    }

    @Override
    public Boolean setTopic(Delivery.SetTopic d) {
        return false;
    }

    @Override
    public Boolean reply(Delivery.Reply d) {
        return false;
    }

    @Override
    public Boolean setModerator(Delivery.SetModerator d) {
        return false;
    }

    @Override
    public Boolean call(Delivery.Call d) {
        return false;
    }

    @Override
    public Boolean rename(Delivery.Rename d) {
        return false;
    }

    @Override
    public Boolean leave(Delivery.Leave d) {
        return false;
    }
}
