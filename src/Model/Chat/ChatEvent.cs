namespace FanoutSim.Model.Chat;

/// <summary>A pending event: a kind and two integer arguments, kept small so the queue copies little.</summary>
public readonly record struct ChatEvent(ChatEventKind Kind, int A, int B = 0);
