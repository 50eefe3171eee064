using System.Runtime.CompilerServices;
using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public sealed class ChatEventTests
{
    [Fact]
    public void An_event_stays_twelve_bytes_so_the_queue_copies_little()
    {
        Assert.True(Unsafe.SizeOf<ChatEvent>() <= 12);
    }

    [Fact]
    public void A_dial_reads_back_its_user_and_session_index()
    {
        var e = ChatEvent.SessionDial(user: 7, sessionIndex: 2);

        Assert.Equal(ChatEventKind.SessionDial, e.Kind);
        Assert.Equal(7, e.User);
        Assert.Equal(2, e.SessionIndex);
    }

    [Fact]
    public void A_send_tick_reads_back_its_membership_and_tick()
    {
        var e = ChatEvent.SendTick(membership: 41, tick: 3);

        Assert.Equal(ChatEventKind.SendTick, e.Kind);
        Assert.Equal(41, e.Membership);
        Assert.Equal(3, e.Tick);
    }

    [Theory]
    [InlineData(ChatEventKind.HandshakeArrive)]
    [InlineData(ChatEventKind.ClientOpen)]
    [InlineData(ChatEventKind.ClientClose)]
    [InlineData(ChatEventKind.InboundArrive)]
    [InlineData(ChatEventKind.CloseArrive)]
    [InlineData(ChatEventKind.SessionEnd)]
    [InlineData(ChatEventKind.Subscribe)]
    [InlineData(ChatEventKind.Unsubscribe)]
    public void A_connection_event_reads_back_its_kind_and_connection(ChatEventKind kind)
    {
        ChatEvent e = ConnectionEvent(kind, 1234);

        Assert.Equal(kind, e.Kind);
        Assert.Equal(1234, e.Connection);
    }

    [Fact]
    public void A_close_timeout_ends_the_session_as_an_abort()
    {
        var abort = ChatEvent.SessionAbort(5);

        Assert.Equal(ChatEventKind.SessionEnd, abort.Kind);
        Assert.Equal(5, abort.Connection);
        Assert.True(abort.IsAbort);
        Assert.False(ChatEvent.SessionEnd(5).IsAbort);
    }

    [Fact]
    public void A_deferred_control_event_keeps_its_kind_and_connection()
    {
        var first = ChatEvent.CloseArrive(9);
        ChatEvent again = first.Deferred();

        Assert.False(first.IsDeferred);
        Assert.True(again.IsDeferred);
        Assert.Equal(ChatEventKind.CloseArrive, again.Kind);
        Assert.Equal(9, again.Connection);
    }

    [Fact]
    public void Task_events_read_back_their_task()
    {
        Assert.Equal(3, ChatEvent.ProcessorWake(3).Task);
        Assert.Equal(ChatEventKind.ProcessorWake, ChatEvent.ProcessorWake(3).Kind);
    }

    [Fact]
    public void Room_events_read_back_their_room()
    {
        Assert.Equal(2, ChatEvent.RedisPublish(2, 17).Room);
        Assert.Equal(17, ChatEvent.RedisPublish(2, 17).SendRef);
        Assert.Equal(ChatEventKind.RedisPublish, ChatEvent.RedisPublish(2, 17).Kind);
        Assert.Equal((ChatEventKind.MessageArrive, 9, 88),
            (ChatEvent.MessageArrive(9, 88).Kind, ChatEvent.MessageArrive(9, 88).Room,
                ChatEvent.MessageArrive(9, 88).Message));
    }

    [Fact]
    public void Redis_subscriber_events_read_back_their_subscriber_and_upper_bound()
    {
        Assert.Equal((ChatEventKind.RedisRetransmit, 5), (ChatEvent.RedisRetransmit(5).Kind,
            ChatEvent.RedisRetransmit(5).Subscriber));
        var catchUp = ChatEvent.RedisCatchUp(6, 1234);
        Assert.Equal((ChatEventKind.RedisCatchUp, 6, 1234), (catchUp.Kind, catchUp.Subscriber, catchUp.UpTo));
    }

    private static ChatEvent ConnectionEvent(ChatEventKind kind, int connection) => kind switch
    {
        ChatEventKind.HandshakeArrive => ChatEvent.HandshakeArrive(connection),
        ChatEventKind.ClientOpen => ChatEvent.ClientOpen(connection),
        ChatEventKind.ClientClose => ChatEvent.ClientClose(connection),
        ChatEventKind.InboundArrive => ChatEvent.InboundArrive(connection),
        ChatEventKind.CloseArrive => ChatEvent.CloseArrive(connection),
        ChatEventKind.SessionEnd => ChatEvent.SessionEnd(connection),
        ChatEventKind.Subscribe => ChatEvent.Subscribe(connection),
        _ => ChatEvent.Unsubscribe(connection),
    };
}
