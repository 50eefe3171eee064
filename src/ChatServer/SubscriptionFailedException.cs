namespace FanoutSim.ChatServer;

/// <summary>A room SUBSCRIBE Redis did not confirm: the connection is closed with 1013, not left mute.</summary>
public sealed class SubscriptionFailedException : Exception
{
    public SubscriptionFailedException(string message)
        : base(message)
    {
    }

    public SubscriptionFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
