namespace FanoutSim.ChatServer;
internal static class Program { private static void Main() { } }
