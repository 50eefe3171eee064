using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Chat;

/// <summary>What the parts of one run share: the clock, the connections, the costs and the counters.</summary>
internal sealed class ChatContext
{
    /// <param name="streams">the replication's random streams, for the parts that draw</param>
    public ChatContext(Scenario scenario, Simulator<ChatEvent> simulator, bool exact, RandomStreams streams)
    {
        Scenario = scenario;
        Profile = scenario.CostsOnMachine;
        Simulator = simulator;
        Workload workload = scenario.Workload;
        Rooms = new RoomLayout(workload);
        Sessions = new SessionPlan(workload, scenario.DialRampSeconds, Rooms, streams);
        int connections = Sessions.Connections;
        Memberships = new Memberships(Rooms, Sessions);
        Connections = new ConnectionTable(connections, Memberships.Count);
        OpenConnections = new int[scenario.Deployment.Tasks];
        Memory = Profile.ConnectionMemoryKb > 0 ? new TaskMemory[scenario.Deployment.Tasks] : null;
        PerConnection = scenario.Deployment.Subscription == SubscriptionMode.PerConnection;
        TaskSubscribesPerRoom = !PerConnection && Rooms.Count > 1;
        MessageCpu = new MessageCpu(Profile, workload.RoomClasses, Rooms, PerConnection);
        RoomArrivals = new int[Rooms.Count];
        RoomHolders = new RoomHolders(Rooms.Count, scenario.Deployment.Tasks);
        // Past its sessions back to back and a minute more, a run has nothing left to show by the millisecond.
        double horizon = Math.Min(scenario.TimeLimitSeconds, Sessions.Drawn
            ? Sessions.PlannedSeconds + Sessions.MostSessionsOfAUser * 60 + 60
            : scenario.DialRampSeconds + workload.Sessions * (workload.SessionSeconds + 60) + 60);
        Counters = new ChatCounters(connections, Rooms.Classes)
        {
            Churn = workload.HasChurn ? new ChurnCounts(Rooms, horizon) : null,
        };
        Redis = new RedisBus(Profile, scenario.Deployment, exact, simulator,
            PerConnection ? connections : scenario.Deployment.Tasks, horizon, Rooms.Count,
            CopyBytes.Of(scenario, Profile, Rooms, streams), streams);
        ClientOneWay = Profile.ClientRttSeconds / 2;
        RedisOneWay = Profile.RedisRttSeconds / 2;
        int[] sendsOfClass = [.. workload.RoomClasses
            .Select(c => SendSchedule.MostSends(workload.TimingOf(c), Sessions.LongestSeconds))];
        int sends = Rooms.SeveralRoomsPerUser ? MostSendsOfAUser(sendsOfClass) : sendsOfClass.Max();
        Latency = new DeliveryLatency(connections, sends, ClientOneWay, Rooms);
        Inbound = Rooms.SeveralRoomsPerUser ? new InboundRooms(connections) : null;
    }

    public Scenario Scenario { get; }

    /// <summary>The costs on the deployment's machine (<see cref="Scenario.CostsOnMachine"/>), computed once.</summary>
    public CostProfile Profile { get; }

    public Simulator<ChatEvent> Simulator { get; }

    public ConnectionTable Connections { get; }

    /// <summary>Each user's sessions: which connections, how long each lasts, the gap before the next.</summary>
    public SessionPlan Sessions { get; }

    public RoomLayout Rooms { get; }

    /// <summary>Every connection's rooms (more than one when a class shares its members).</summary>
    public Memberships Memberships { get; }

    /// <summary>The rooms of each connection's sends not yet published; null when every user is in one room.</summary>
    public InboundRooms? Inbound { get; }

    public ChatCounters Counters { get; }

    /// <summary>Connections each task holds, from load-balancer pick to close; shared with the balancer.</summary>
    public int[] OpenConnections { get; }

    /// <summary>
    /// Each task's memory (its task puts it here), when the profile gives connections memory; null otherwise.
    /// </summary>
    public TaskMemory[]? Memory { get; }

    public RedisBus Redis { get; }

    public double ClientOneWay { get; }

    public double RedisOneWay { get; }

    public bool PerConnection { get; }

    /// <summary>A task's CPU to read and write one copy of each room's message.</summary>
    public MessageCpu MessageCpu { get; }

    /// <summary>
    /// Per-task mode with several rooms: a task subscribes to a room while it holds a member of it (one room: for the
    /// whole run, as the reference server does).
    /// </summary>
    public bool TaskSubscribesPerRoom { get; }

    public DeliveryLatency Latency { get; }

    /// <summary>Messages of each room that have reached the tasks (all at once; per-task mode, those holding the room):
    /// per-connection mode and per-task subscriptions per room keep it.</summary>
    public int[] RoomArrivals { get; }

    /// <summary>Which tasks hold a forwarding connection of each room.</summary>
    public RoomHolders RoomHolders { get; }

    public void Schedule(double time, in ChatEvent e) => Simulator.Schedule(time, e);

    /// <summary>The room the connection's oldest send not yet published was made in.</summary>
    public int NextInboundRoom(int connection) => Inbound?.NextPublished(connection) ?? Connections.Room[connection];

    /// <summary>The most sends one session of any user makes over all its rooms.</summary>
    private int MostSendsOfAUser(int[] sendsOfClass)
    {
        int most = 0;
        for (int user = 0; user < Rooms.Users; user++)
        {
            most = Math.Max(most, Rooms.RoomsOf(user).Sum(room => sendsOfClass[Rooms.ClassOf(room)]));
        }
        return most;
    }

    /// <summary>The load balancer gave <paramref name="task"/> a connection: it holds it until its close is done.
    /// </summary>
    public void ConnectionOpened(int task, double now)
    {
        OpenConnections[task]++;
        Memory?[task].ConnectionsChanged(OpenConnections[task], now);
    }

    /// <summary>The server's close of one of <paramref name="task"/>'s connections is done.</summary>
    public void ConnectionClosed(int task, double now)
    {
        OpenConnections[task]--;
        Memory?[task].ConnectionsChanged(OpenConnections[task], now);
    }

    /// <summary>Deliveries of <paramref name="room"/>'s messages that reached their clients in time.</summary>
    public void CountReceived(int room, long received)
    {
        Counters.Received += received;
        Counters.ReceivedByClass[Rooms.ClassOf(room)] += received;
    }
}
