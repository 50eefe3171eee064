using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Results;

// Attached to the run setup's fields only, so other JSON (plan, capacity) keeps writing what it wrote before.

/// <summary>A run's subscription mode as per-connection or per-task.</summary>
public sealed class SubscriptionModeJsonConverter() : TextMapJsonConverter<SubscriptionMode>(SubscriptionModeText.Map);

/// <summary>A run's Redis link as catalog-node, shaped or unshaped.</summary>
public sealed class RedisLinkJsonConverter() : TextMapJsonConverter<RedisLink>(RedisLinkText.Map);

/// <summary>A send process as ticks or poisson (a room class's own, in a run file).</summary>
public sealed class SendProcessJsonConverter() : TextMapJsonConverter<SendProcess>(SendProcessText.Map);
