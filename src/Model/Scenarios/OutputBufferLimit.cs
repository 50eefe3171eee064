namespace FanoutSim.Model.Scenarios;

/// <summary>
/// Redis' `client-output-buffer-limit pubsub`: a subscriber whose pending output passes the hard limit, or stays above
/// the soft one for the soft period, is disconnected and what it had pending is lost. Redis' defaults: 32 MB, 8 MB,
/// 60 s. Only a shaped egress keeps output pending per subscriber, so only it applies the limit.
/// </summary>
/// <param name="HardBytes">0 = no hard limit</param>
/// <param name="SoftBytes">0 = no soft limit</param>
public sealed record OutputBufferLimit(double HardBytes, double SoftBytes, double SoftSeconds)
{
    public static readonly OutputBufferLimit RedisDefault = new(32 * 1024 * 1024, 8 * 1024 * 1024, 60);
}
